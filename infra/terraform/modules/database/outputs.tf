output "identifier" {
  description = "RDS instance identifier."
  value       = aws_db_instance.this.identifier
}

output "arn" {
  description = "ARN of this instance (the replica's replicate_source_db when this is the primary)."
  value       = aws_db_instance.this.arn
}

output "address" {
  description = "Host name of this instance."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "Port of this instance."
  value       = aws_db_instance.this.port
}

output "is_primary" {
  description = "True when this instance is the standalone primary."
  value       = local.is_primary
}

output "kms_key_arn" {
  description = "KMS key of the storage and Performance Insights."
  value       = aws_kms_key.this.arn
}

output "settings" {
  description = "The planned settings that make this instance what it is (role, durability, exposure): for operators and the plan tests."
  value = {
    identifier              = aws_db_instance.this.identifier
    replicate_source_db     = aws_db_instance.this.replicate_source_db
    multi_az                = aws_db_instance.this.multi_az
    backup_retention_period = aws_db_instance.this.backup_retention_period
    storage_encrypted       = aws_db_instance.this.storage_encrypted
    kms_key_id              = aws_db_instance.this.kms_key_id
    deletion_protection     = aws_db_instance.this.deletion_protection
    publicly_accessible     = aws_db_instance.this.publicly_accessible
    performance_insights    = aws_db_instance.this.performance_insights_enabled
    instance_class          = aws_db_instance.this.instance_class
  }
}
