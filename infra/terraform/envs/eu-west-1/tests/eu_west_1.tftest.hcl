# Offline plan tests of the eu-west-1 root (infra/terraform/test.sh runs them with
# -var-file=../regions.tfvars). Mocked AWS provider; see envs/us-east-1/tests for the notes.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }

  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }

  mock_resource "aws_db_instance" {
    defaults = {
      arn     = "arn:aws:rds:eu-west-1:123456789012:db:dotshop-eu-west-1"
      address = "dotshop-eu-west-1.cmock.eu-west-1.rds.amazonaws.com"
    }
  }

  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-00000000mock" }
  }

  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dotshop/eu-west-1/app-Mock01" }
  }

  mock_resource "aws_prometheus_workspace" {
    defaults = {
      arn                 = "arn:aws:aps:eu-west-1:123456789012:workspace/ws-mock"
      prometheus_endpoint = "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-mock/"
    }
  }
}

mock_provider "aws" {
  alias           = "primary"
  override_during = plan
}

variables {
  db_password = "test-only-not-a-password"
}

# One ARN per database URL secret, so "DATABASE_URL names the primary's" is a real comparison.
override_resource {
  target          = module.region.aws_secretsmanager_secret_version.database_url["us-east-1"]
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dotshop/eu-west-1/database-url/us-east-1-AaAaAa" }
}

override_resource {
  target          = module.region.aws_secretsmanager_secret_version.database_url["eu-west-1"]
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dotshop/eu-west-1/database-url/eu-west-1-BbBbBb" }
}

# The us-east-1 primary as the lookup in the primary region finds it.
override_data {
  target          = module.region.data.aws_db_instance.primary
  override_during = plan
  values = {
    db_instance_arn = "arn:aws:rds:us-east-1:123456789012:db:dotshop-us-east-1"
    address         = "dotshop-us-east-1.cexample.us-east-1.rds.amazonaws.com"
  }
}

# ---------------------------------------------------------------------------------------------
run "replica_of_us_east_1" {
  command = plan

  variables {
    primary_region      = "us-east-1"
    cdn_distribution_id = "E2MOCKDIST"
  }

  assert {
    condition     = module.region.primary_db_lookup == "dotshop-us-east-1"
    error_message = "The replica region looks the primary up as dotshop-<primary_region>, the us-east-1 root's identifier."
  }
  assert {
    condition     = module.region.database.replicate_source_db == "arn:aws:rds:us-east-1:123456789012:db:dotshop-us-east-1"
    error_message = "With primary_region = us-east-1 the eu-west-1 database must be a read replica of the us-east-1 primary's ARN."
  }
  assert {
    condition     = module.region.database.identifier == "dotshop-eu-west-1" && module.region.database.multi_az == false
    error_message = "The replica is dotshop-eu-west-1, single-AZ by default."
  }
  assert {
    condition     = module.region.database.storage_encrypted && module.region.database.kms_key_id == "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-00000000mock"
    error_message = "The cross-region replica is encrypted with a key of its own region."
  }
  assert {
    condition     = module.region.database.deletion_protection && !module.region.database.publicly_accessible
    error_message = "The replica is deletion-protected and private."
  }
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      { for e in jsondecode(defs)[0].environment : e.name => e.value }["PRIMARY_REGION"] == "us-east-1" &&
      { for e in jsondecode(defs)[0].environment : e.name => e.value }["REGION"] == "eu-west-1"
    ])
    error_message = "Both services get PRIMARY_REGION = us-east-1 and REGION = eu-west-1."
  }
  assert {
    condition     = module.region.database_url_secrets["us-east-1"].database_identifier == "dotshop-us-east-1" && output.database_hosts["us-east-1"] == "dotshop-us-east-1.cexample.us-east-1.rds.amazonaws.com"
    error_message = "The primary's URL secret holds the us-east-1 primary's host."
  }
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      { for s in jsondecode(defs)[0].secrets : s.name => s.valueFrom }["DATABASE_URL"] == module.region.database_url_secrets["us-east-1"].arn
    ])
    error_message = "DATABASE_URL of both services must be the secret of the us-east-1 primary."
  }
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      { for s in jsondecode(defs)[0].secrets : s.name => s.valueFrom }["DATABASE_REPLICA_URL"] == module.region.database_url_secrets["eu-west-1"].arn
    ])
    error_message = "DATABASE_REPLICA_URL must be the local replica."
  }
  assert {
    condition     = module.region.database_url_secrets["eu-west-1"].database_identifier == "dotshop-eu-west-1" && output.database_hosts["eu-west-1"] == "dotshop-eu-west-1.cmock.eu-west-1.rds.amazonaws.com"
    error_message = "The local URL secret holds the local replica's host."
  }
  assert {
    condition = alltrue(flatten([
      for defs in [output.web_container_definitions, output.worker_container_definitions] : [
        for c in jsondecode(defs) : [
          for e in c.environment : length(regexall("SECRET|PASSWORD|TOKEN|^DATABASE_URL|_KEY$", e.name)) == 0
        ]
      ]
    ]))
    error_message = "A secret-looking name is in a container's plain environment."
  }
  assert {
    condition     = module.region.worker_policy_arns["cdn-purge"] == "arn:aws:iam::123456789012:policy/dotshop-cdn-purge"
    error_message = "Once the CDN exists, this region's worker gets the purge policy the CDN module created."
  }
  assert {
    condition     = { for e in jsondecode(output.worker_container_definitions)[0].environment : e.name => e.value }["CDN_DISTRIBUTION_ID"] == "E2MOCKDIST"
    error_message = "The worker knows the distribution it purges."
  }
}

# ---------------------------------------------------------------------------------------------
run "primary_after_flip" {
  command = plan

  variables {
    primary_region = "eu-west-1"
  }

  assert {
    condition     = module.region.database.replicate_source_db == null && module.region.primary_db_lookup == null
    error_message = "After the flip the eu-west-1 database is the primary (replicate_source_db removed = promotion)."
  }
  assert {
    condition     = module.region.database.multi_az == true && module.region.database.backup_retention_period >= 7
    error_message = "The promoted primary becomes Multi-AZ with at least 7 days of backups."
  }
  assert {
    condition     = module.region.database.storage_encrypted && module.region.database.deletion_protection && !module.region.database.publicly_accessible
    error_message = "The primary is encrypted, deletion-protected and private."
  }
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      { for e in jsondecode(defs)[0].environment : e.name => e.value }["PRIMARY_REGION"] == "eu-west-1"
    ])
    error_message = "Both services get PRIMARY_REGION = eu-west-1 after the flip."
  }
  assert {
    condition     = keys(module.region.database_url_secrets) == ["eu-west-1"]
    error_message = "The primary region only uses its own database."
  }
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      { for s in jsondecode(defs)[0].secrets : s.name => s.valueFrom }["DATABASE_URL"] == module.region.database_url_secrets["eu-west-1"].arn &&
      { for s in jsondecode(defs)[0].secrets : s.name => s.valueFrom }["DATABASE_REPLICA_URL"] == module.region.database_url_secrets["eu-west-1"].arn
    ])
    error_message = "After the flip DATABASE_URL (and DATABASE_REPLICA_URL) must be the local, now primary, database."
  }
  assert {
    condition     = length(module.region.worker_policy_arns) == 0 && !contains([for e in jsondecode(output.worker_container_definitions)[0].environment : e.name], "CDN_DISTRIBUTION_ID")
    error_message = "Without cdn_distribution_id there is no purge grant and no CDN_DISTRIBUTION_ID."
  }
}
