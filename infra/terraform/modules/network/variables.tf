variable "name" {
  description = "Name prefix of every resource, e.g. \"dotshop-us-east-1\"."
  type        = string
}

variable "region" {
  description = "AWS region of this network; the availability zones are <region><suffix>."
  type        = string
}

variable "vpc_cidr" {
  description = "CIDR block of this region's VPC (a /16). Must not overlap the other region's: the VPCs are peered."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) == 16
    error_message = "vpc_cidr must be a valid /16 CIDR block."
  }
}

variable "peer_vpc_cidr" {
  description = "CIDR block of the other region's VPC. Its app subnets (computed with the same layout) may reach this region's database on 5432 over the VPC peering, and this region's tasks may reach its database subnets. Null: no cross-region rules."
  type        = string
  default     = null
}

variable "az_suffixes" {
  description = "Availability-zone letters to spread subnets over (three: public, app and database subnet per zone)."
  type        = list(string)
  default     = ["a", "b", "c"]

  validation {
    condition     = length(var.az_suffixes) == 3
    error_message = "The network spans exactly three availability zones."
  }
}

variable "nat_gateway_count" {
  description = "NAT gateways (1 to 3). 1 is cheaper; 3 keeps outbound calls (Stripe, Shopify, AWS APIs) working when one AZ is lost."
  type        = number
  default     = 1

  validation {
    condition     = var.nat_gateway_count >= 1 && var.nat_gateway_count <= 3
    error_message = "nat_gateway_count must be 1, 2 or 3."
  }
}

variable "app_port" {
  description = "Port the web container listens on (the ALB forwards to it)."
  type        = number
  default     = 3000
}

variable "database_port" {
  description = "PostgreSQL port."
  type        = number
  default     = 5432
}

variable "tags" {
  description = "Tags added to every resource (on top of the provider's default_tags)."
  type        = map(string)
  default     = {}
}
