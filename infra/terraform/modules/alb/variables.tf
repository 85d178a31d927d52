variable "name" {
  description = "Name of the load balancer and prefix of its target group, e.g. \"dotshop-us-east-1\" (at most 28 characters)."
  type        = string

  validation {
    condition     = length(var.name) <= 28
    error_message = "name must be at most 28 characters (ALB and target group names are limited to 32)."
  }
}

variable "region" {
  description = "AWS region of this ALB: the set identifier and latency region of its origin record."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the target group."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets (three AZs)."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the ALB."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate (in this region) for the HTTPS listener. It must cover origin.<domain>: CloudFront connects to that name."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "target_port" {
  description = "Port of the web container."
  type        = number
  default     = 3000
}

variable "health_check_path" {
  description = "Target group health check path. /readyz answers 200 only when the primary and the regional replica both answer."
  type        = string
  default     = "/readyz"
}

variable "deletion_protection" {
  description = "ALB deletion protection."
  type        = bool
  default     = true
}

variable "route53_zone_id" {
  description = "Public hosted zone of the shop's domain."
  type        = string
}

variable "origin_record_name" {
  description = "Latency record set CloudFront uses as its origin, e.g. \"origin.dotshop.example\". Each region adds its own record (set identifier = region)."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
