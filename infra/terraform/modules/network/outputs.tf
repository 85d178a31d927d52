output "vpc_id" {
  description = "VPC id."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "VPC CIDR block."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "Public subnets (ALB, NAT)."
  value       = aws_subnet.public[*].id
}

output "app_subnet_ids" {
  description = "Private subnets of the Fargate tasks."
  value       = aws_subnet.app[*].id
}

output "app_subnet_cidrs" {
  description = "CIDR blocks of the app subnets."
  value       = local.app_cidrs
}

output "database_subnet_ids" {
  description = "Isolated subnets of the database."
  value       = aws_subnet.database[*].id
}

output "peer_app_cidrs" {
  description = "The other region's app subnets, admitted to this database on the PostgreSQL port."
  value       = local.peer_app_cidrs
}

output "private_route_table_ids" {
  description = "Route tables of the app and database subnets, keyed by a static name (the peering adds routes to them)."
  value = merge(
    { for i, rt in aws_route_table.app : "app-${i}" => rt.id },
    { database = aws_route_table.database.id },
  )
}

output "alb_security_group_id" {
  description = "Security group of the ALB."
  value       = aws_security_group.alb.id
}

output "service_security_group_id" {
  description = "Security group of the web and worker tasks."
  value       = aws_security_group.service.id
}

output "database_security_group_id" {
  description = "Security group of the database."
  value       = aws_security_group.database.id
}
