variable "name" {
  description = "Name prefix, e.g. \"dotshop\"."
  type        = string
  default     = "dotshop"
}

variable "domain_name" {
  description = "The shop's public host name (served by CloudFront), e.g. \"dotshop.example\"."
  type        = string
}

variable "extra_aliases" {
  description = "More host names of the distribution (e.g. www.<domain>); the certificate must cover them."
  type        = list(string)
  default     = []
}

variable "route53_zone_id" {
  description = "Public hosted zone of the domain: alias records of the shop's names point at the distribution."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate in us-east-1 (CloudFront only uses us-east-1 certificates) covering domain_name and extra_aliases."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN in us-east-1."
  }
}

variable "origin_domain_name" {
  description = "Latency record set of the regional ALBs (origin.<domain>): Route 53 answers with the region nearest the CloudFront edge that has healthy targets."
  type        = string
}

variable "region_cookie_name" {
  description = "The market cookie: the only cookie in the cache key of catalog pages (prices and tax notes depend on it)."
  type        = string
  default     = "dotshop_region"
}

variable "no_cache_path_patterns" {
  description = "Paths never cached: they go to the origin with every cookie, header (except Host) and query string. Personal pages, writes and webhooks."
  type        = list(string)
  default     = ["/cart*", "/checkout*", "/admin*", "/api*", "/webhooks*", "/orders*", "/region*"]
}

variable "catalog_max_ttl_seconds" {
  description = "Ceiling on how long CloudFront keeps a catalog page; within it the origin's Cache-Control (s-maxage, stale-while-revalidate) decides."
  type        = number
  default     = 86400
}

variable "media_bucket_name" {
  description = "S3 bucket of the media served at /media/* (null: <name>-media-<account id>)."
  type        = string
  default     = null
}

variable "price_class" {
  description = "CloudFront price class. PriceClass_100 = North America and Europe edges, where the shop's markets are."
  type        = string
  default     = "PriceClass_100"
}

variable "managed_policy_ids" {
  description = "Ids of the AWS-managed CloudFront policies used (published, identical in every account): Managed-CachingDisabled, Managed-CachingOptimized and the origin request policy Managed-AllViewerExceptHostHeader."
  type = object({
    caching_disabled              = optional(string, "4135ea2d-6df8-44a3-9df3-4b5a84be39ad")
    caching_optimized             = optional(string, "658327ea-f89d-4fab-a63d-7e88639e58f6")
    all_viewer_except_host_header = optional(string, "b689b0a8-53d0-40ab-baf2-68738e2966ac")
  })
  default = {}
}

variable "web_acl_arn" {
  description = "Optional AWS WAF web ACL (global scope) of the distribution."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
