# Only in the us-east-1 root: the CDN (CloudFront and its certificate are global / us-east-1)
# and the VPC peering (both sides) live here. Values: terraform.tfvars in this directory.

variable "enable_cdn" {
  description = "Create the CloudFront distribution. False only for the first apply (infra/README.md: primary region, then replica region, then CDN)."
  type        = bool
  default     = true
}

variable "enable_peering" {
  description = "Create the VPC peering with eu-west-1 (needs the eu-west-1 VPC to exist). False only for the first apply."
  type        = bool
  default     = true
}

variable "cloudfront_certificate_arn" {
  description = "ACM certificate in us-east-1 for the distribution, covering domain_name and cdn_extra_aliases."
  type        = string
  default     = null
}

variable "cdn_extra_aliases" {
  description = "More host names of the distribution (e.g. www.<domain_name>)."
  type        = list(string)
  default     = []
}
