variable "name" {
  description = "Name of the peering connection, e.g. \"dotshop-us-east-1-eu-west-1\"."
  type        = string
}

variable "vpc_id" {
  description = "This side's VPC (the requester)."
  type        = string
}

variable "vpc_cidr" {
  description = "This side's VPC CIDR (the peer routes it to the peering)."
  type        = string
}

variable "route_table_ids" {
  description = "This side's app and database route tables, keyed by a static name."
  type        = map(string)
}

variable "peer_region" {
  description = "Region of the other VPC (the accepter, managed through the aws.peer provider)."
  type        = string
}

variable "peer_vpc_name" {
  description = "Name tag of the other region's VPC (created by that region's root: dotshop-<region>)."
  type        = string
}

variable "peer_vpc_cidr" {
  description = "CIDR of the other region's VPC."
  type        = string
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
