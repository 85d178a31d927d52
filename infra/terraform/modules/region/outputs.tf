output "is_primary" {
  description = "True when this region holds the primary database."
  value       = local.is_primary
}

output "database_identifier" {
  description = "Identifier of this region's database."
  value       = module.database.identifier
}

output "database_arn" {
  description = "ARN of this region's database."
  value       = module.database.arn
}

output "database_address" {
  description = "Host name of this region's database."
  value       = module.database.address
}

output "database_hosts" {
  description = "Host of each database the containers use, by region (the host inside each database-url secret)."
  value       = local.database_hosts
}

output "vpc_id" {
  description = "VPC id."
  value       = module.network.vpc_id
}

output "vpc_cidr" {
  description = "VPC CIDR."
  value       = module.network.vpc_cidr
}

output "private_route_table_ids" {
  description = "App and database route tables (peering routes)."
  value       = module.network.private_route_table_ids
}

output "alb_dns_name" {
  description = "DNS name of this region's ALB."
  value       = module.alb.dns_name
}

output "origin_record_fqdn" {
  description = "The latency record set this region is a member of."
  value       = module.alb.origin_record_fqdn
}

output "cluster_name" {
  description = "ECS cluster."
  value       = module.service.cluster_name
}

output "web_container_definitions" {
  description = "Container definitions of the web task (JSON)."
  value       = module.service.web_container_definitions
}

output "worker_container_definitions" {
  description = "Container definitions of the worker task (JSON)."
  value       = module.service.worker_container_definitions
}

output "worker_task_role_name" {
  description = "Worker task role (the CDN purge policy is attached to it)."
  value       = module.service.task_role_names["worker"]
}

output "app_secret_arn" {
  description = "The JSON secret an operator fills with the application secrets."
  value       = aws_secretsmanager_secret.app.arn
}

output "prometheus_workspace_id" {
  description = "AMP workspace of this region."
  value       = module.observability.workspace_id
}

output "alerts_topic_arn" {
  description = "SNS topic of this region's alerts."
  value       = module.observability.alerts_topic_arn
}

output "database" {
  description = "This region's database: role (replicate_source_db), durability and exposure settings."
  value       = module.database.settings
}

output "primary_db_lookup" {
  description = "Identifier looked up in the primary region for the replica's source (null: this is the primary, or primary_db_arn/address were given)."
  value       = local.lookup_primary ? data.aws_db_instance.primary[0].db_instance_identifier : null
}

output "database_url_secrets" {
  description = "The database URL secrets of this region's containers, by the database's region: ARN (the ECS valueFrom), name and database identifier."
  value = {
    for k, s in aws_secretsmanager_secret.database_url : k => {
      arn                 = aws_secretsmanager_secret_version.database_url[k].arn
      name                = s.name
      database_identifier = s.tags["DatabaseIdentifier"]
    }
  }
}

output "worker_policy_arns" {
  description = "Extra policies of the worker task role (the CDN purge policy)."
  value       = module.service.worker_policy_arns
}
