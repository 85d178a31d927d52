# Only in the eu-west-1 root. Values: terraform.tfvars in this directory.

variable "cdn_distribution_id" {
  description = "The CloudFront distribution (created by the us-east-1 root; its output cdn_distribution_id). Sets CDN_DISTRIBUTION_ID and attaches the purge policy to this region's worker. Null until the CDN exists."
  type        = string
  default     = null
}

variable "cdn_purge_policy_name" {
  description = "Name of the IAM policy the CDN module creates for the purge job (IAM is global; attached here by name)."
  type        = string
  default     = "dotshop-cdn-purge"
}
