# One region's PostgreSQL. The region holding the primary creates a standalone Multi-AZ instance;
# the other region creates a cross-region read replica of the primary's ARN. The same resource
# serves both roles, so flipping the flag is an in-place change:
#   replica -> primary: replicate_source_db goes away, which promotes the replica; Multi-AZ,
#                       backups and the master password follow on the same apply.
#   primary -> replica: a standalone instance cannot be turned into a replica; it must be
#                       re-created (`terraform apply -replace=...`, see infra/README.md).

locals {
  is_primary = var.replicate_source_db == null
}

resource "aws_kms_key" "this" {
  description             = "Storage and Performance Insights encryption of ${var.identifier}"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  tags                    = merge(var.tags, { Name = "${var.identifier}-rds" })
}

resource "aws_kms_alias" "this" {
  name          = "alias/${var.identifier}-rds"
  target_key_id = aws_kms_key.this.key_id
}

resource "aws_db_subnet_group" "this" {
  name        = var.identifier
  description = "Isolated subnets of ${var.identifier}"
  subnet_ids  = var.subnet_ids
  tags        = merge(var.tags, { Name = var.identifier })
}

resource "aws_db_parameter_group" "this" {
  name        = "${var.identifier}-${var.parameter_group_family}"
  family      = var.parameter_group_family
  description = "DotShop settings for ${var.identifier}"

  # Static parameters take effect at the next reboot.
  parameter {
    name         = "max_connections"
    value        = tostring(var.max_connections)
    apply_method = "pending-reboot"
  }

  # Physical streaming replication only; no logical decoding slots to hold WAL back.
  parameter {
    name         = "rds.logical_replication"
    value        = "0"
    apply_method = "pending-reboot"
  }

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = tostring(var.log_min_duration_statement_ms)
  }

  parameter {
    name  = "log_lock_waits"
    value = "1"
  }

  # A transaction left open by a crashed request must not hold locks (orders, stock) for long.
  parameter {
    name  = "idle_in_transaction_session_timeout"
    value = "60000"
  }

  # Long catalog reads on the replica are not cancelled by vacuum on the primary.
  parameter {
    name  = "hot_standby_feedback"
    value = "1"
  }

  tags = merge(var.tags, { Name = var.identifier })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "this" {
  identifier     = var.identifier
  instance_class = var.instance_class

  # The flag: null = primary, an ARN = cross-region read replica of it.
  replicate_source_db = var.replicate_source_db

  # Create-time facts of a primary; a replica inherits them (and the provider rejects them).
  engine              = local.is_primary ? "postgres" : null
  engine_version      = local.is_primary ? var.engine_version : null
  db_name             = local.is_primary ? var.db_name : null
  username            = local.is_primary ? var.username : null
  password_wo         = local.is_primary ? var.password : null
  password_wo_version = local.is_primary ? var.password_version : null
  allocated_storage   = local.is_primary ? var.allocated_storage : null

  max_allocated_storage = var.max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true
  # A cross-region encrypted replica needs a key of its own region: each region has one.
  kms_key_id = aws_kms_key.this.arn

  multi_az               = local.is_primary ? true : var.replica_multi_az
  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [var.security_group_id]
  publicly_accessible    = false
  port                   = 5432
  parameter_group_name   = aws_db_parameter_group.this.name
  ca_cert_identifier     = "rds-ca-rsa2048-g1"

  # PITR on the primary. The replica is given no backups of its own (whether RDS accepts them
  # on a PostgreSQL replica is not verified here); the promoted replica gets them with the flip.
  backup_retention_period  = local.is_primary ? var.backup_retention_days : null
  backup_window            = local.is_primary ? "03:00-03:30" : null
  maintenance_window       = "sun:04:00-sun:04:30"
  copy_tags_to_snapshot    = true
  delete_automated_backups = false

  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = !local.is_primary
  final_snapshot_identifier = local.is_primary ? "${var.identifier}-final" : null

  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.this.arn
  performance_insights_retention_period = var.performance_insights_retention_days
  enabled_cloudwatch_logs_exports       = ["postgresql"]

  auto_minor_version_upgrade  = true
  allow_major_version_upgrade = false
  apply_immediately           = var.apply_immediately

  tags = merge(var.tags, {
    Name = var.identifier
    Role = local.is_primary ? "primary" : "replica"
  })

  lifecycle {
    # db_name, username and engine are fixed at creation (a replica inherits them). If the API
    # reported them differently after a promotion, a diff would mean a *replacement* of the new
    # primary; ignore them so promotion is always an in-place update.
    ignore_changes = [db_name, username, engine]
  }
}
