# modules/database: the same resource as primary and as cross-region replica.

mock_provider "aws" {
  override_during = plan

  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-00000000mock" }
  }
}

variables {
  subnet_ids        = ["subnet-a", "subnet-b", "subnet-c"]
  security_group_id = "sg-database"
  password          = "test-only-not-a-password"
}

run "primary" {
  command = plan

  module {
    source = "../modules/database"
  }

  variables {
    identifier = "dotshop-us-east-1"
  }

  assert {
    condition     = aws_db_instance.this.replicate_source_db == null && aws_db_instance.this.engine == "postgres" && aws_db_instance.this.username == "dotshop"
    error_message = "Without replicate_source_db the instance is a standalone PostgreSQL primary."
  }
  assert {
    condition     = aws_db_instance.this.multi_az && aws_db_instance.this.backup_retention_period >= 7 && aws_db_instance.this.storage_encrypted && aws_db_instance.this.deletion_protection && !aws_db_instance.this.publicly_accessible
    error_message = "The primary must be Multi-AZ, keep >= 7 days of PITR backups, be encrypted, deletion-protected and private."
  }
  assert {
    condition     = aws_db_instance.this.performance_insights_enabled && aws_db_instance.this.kms_key_id == aws_kms_key.this.arn
    error_message = "Performance Insights on; storage encrypted with the region's own key."
  }
  assert {
    condition     = aws_db_instance.this.skip_final_snapshot == false && aws_db_instance.this.final_snapshot_identifier == "dotshop-us-east-1-final"
    error_message = "Deleting the primary must leave a final snapshot."
  }
  assert {
    condition = (
      { for p in aws_db_parameter_group.this.parameter : p.name => p.value }["rds.logical_replication"] == "0" &&
      { for p in aws_db_parameter_group.this.parameter : p.name => p.value }["max_connections"] == "400" &&
      { for p in aws_db_parameter_group.this.parameter : p.name => p.value }["log_min_duration_statement"] == "500" &&
      { for p in aws_db_parameter_group.this.parameter : p.name => p.value }["rds.force_ssl"] == "1"
    )
    error_message = "The parameter group must set max_connections, log_min_duration_statement, rds.force_ssl and rds.logical_replication = 0."
  }
  assert {
    condition     = aws_db_instance.this.parameter_group_name == aws_db_parameter_group.this.name && aws_db_parameter_group.this.family == "postgres18"
    error_message = "The instance uses the module's parameter group."
  }
}

run "cross_region_replica" {
  command = plan

  module {
    source = "../modules/database"
  }

  variables {
    identifier          = "dotshop-eu-west-1"
    replicate_source_db = "arn:aws:rds:us-east-1:123456789012:db:dotshop-us-east-1"
  }

  assert {
    condition     = aws_db_instance.this.replicate_source_db == "arn:aws:rds:us-east-1:123456789012:db:dotshop-us-east-1"
    error_message = "The replica's source is the primary's ARN."
  }
  assert {
    condition     = aws_db_instance.this.kms_key_id == aws_kms_key.this.arn && aws_db_instance.this.db_subnet_group_name == aws_db_subnet_group.this.name
    error_message = "A cross-region encrypted replica needs a KMS key and a subnet group of its own region."
  }
  assert {
    condition     = aws_db_instance.this.storage_encrypted && aws_db_instance.this.deletion_protection && !aws_db_instance.this.publicly_accessible && !aws_db_instance.this.multi_az
    error_message = "The replica is encrypted, deletion-protected, private, and single-AZ by default."
  }
  assert {
    condition     = aws_db_instance.this.skip_final_snapshot && aws_db_instance.this.final_snapshot_identifier == null
    error_message = "RDS refuses a final snapshot of a read replica."
  }
}

run "a_replica_source_must_be_an_arn" {
  command = plan

  module {
    source = "../modules/database"
  }

  variables {
    identifier          = "dotshop-eu-west-1"
    replicate_source_db = "dotshop-us-east-1"
  }

  expect_failures = [var.replicate_source_db]
}
