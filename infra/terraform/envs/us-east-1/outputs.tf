output "is_primary" {
  description = "True when us-east-1 holds the primary database."
  value       = module.region.is_primary
}

output "database_identifier" {
  description = "This region's database."
  value       = module.region.database_identifier
}

output "database_arn" {
  description = "ARN of this region's database (the replica's source while this is the primary)."
  value       = module.region.database_arn
}

output "database_hosts" {
  description = "Host of each database the containers use, by region."
  value       = module.region.database_hosts
}

output "alb_dns_name" {
  description = "This region's ALB."
  value       = module.region.alb_dns_name
}

output "app_secret_arn" {
  description = "Secret to fill with the application secrets (JSON)."
  value       = module.region.app_secret_arn
}

output "web_container_definitions" {
  description = "Web task container definitions (JSON)."
  value       = module.region.web_container_definitions
}

output "worker_container_definitions" {
  description = "Worker task container definitions (JSON)."
  value       = module.region.worker_container_definitions
}

output "cdn_distribution_id" {
  description = "CloudFront distribution id: copy into envs/eu-west-1/terraform.tfvars (cdn_distribution_id)."
  value       = var.enable_cdn ? module.cdn[0].distribution_id : null
}

output "cdn_domain_name" {
  description = "CloudFront domain name."
  value       = var.enable_cdn ? module.cdn[0].distribution_domain_name : null
}

output "media_bucket" {
  description = "Media bucket served at /media/*."
  value       = var.enable_cdn ? module.cdn[0].media_bucket : null
}

output "peering_connection_id" {
  description = "VPC peering connection to eu-west-1."
  value       = var.enable_peering ? module.peering[0].peering_connection_id : null
}
