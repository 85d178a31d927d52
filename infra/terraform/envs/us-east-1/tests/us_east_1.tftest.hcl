# Offline plan tests of the us-east-1 root (infra/terraform/test.sh runs them with
# -var-file=../regions.tfvars). The AWS provider is mocked: computed values (ARNs, ids, hosts)
# are invented by the mock, or set below where an assertion needs a known one. They check what
# Terraform would ask AWS for, not what AWS would accept. Module internals (security group
# rules, CloudFront behaviors, IAM scopes) are tested in modules/*/tests.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }

  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }

  # Known values for the computed attributes the assertions read (the mock leaves the others
  # unknown during plan).
  mock_resource "aws_db_instance" {
    defaults = {
      arn     = "arn:aws:rds:us-east-1:123456789012:db:dotshop-us-east-1"
      address = "dotshop-us-east-1.cmock.us-east-1.rds.amazonaws.com"
    }
  }

  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-00000000mock" }
  }

  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dotshop/us-east-1/app-Mock01" }
  }

  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      id  = "E2MOCKDIST"
      arn = "arn:aws:cloudfront::123456789012:distribution/E2MOCKDIST"
    }
  }

  mock_resource "aws_iam_policy" {
    defaults = { arn = "arn:aws:iam::123456789012:policy/dotshop-cdn-purge" }
  }

  mock_resource "aws_prometheus_workspace" {
    defaults = {
      arn                 = "arn:aws:aps:us-east-1:123456789012:workspace/ws-mock"
      prometheus_endpoint = "https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-mock/"
    }
  }

  mock_resource "aws_vpc_peering_connection" {
    defaults = { id = "pcx-mock" }
  }
}

mock_provider "aws" {
  alias           = "primary"
  override_during = plan
}

mock_provider "aws" {
  alias           = "peer"
  override_during = plan
}

variables {
  db_password = "test-only-not-a-password"
}

# One ARN per database URL secret, so "DATABASE_URL names the primary's" is a real comparison.
override_resource {
  target          = module.region.aws_secretsmanager_secret_version.database_url["us-east-1"]
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dotshop/us-east-1/database-url/us-east-1-AaAaAa" }
}

override_resource {
  target          = module.region.aws_secretsmanager_secret_version.database_url["eu-west-1"]
  override_during = plan
  values          = { arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dotshop/us-east-1/database-url/eu-west-1-BbBbBb" }
}

override_data {
  target          = module.peering[0].data.aws_route_tables.peer
  override_during = plan
  values          = { ids = ["rtb-eu-app-a", "rtb-eu-app-b", "rtb-eu-app-c", "rtb-eu-database"] }
}

# ---------------------------------------------------------------------------------------------
run "primary_here" {
  command = plan

  variables {
    primary_region = "us-east-1"
  }

  assert {
    condition     = module.region.database.replicate_source_db == null
    error_message = "With primary_region = us-east-1 the us-east-1 database must not be a replica."
  }
  assert {
    condition     = module.region.database.identifier == "dotshop-us-east-1"
    error_message = "The primary's identifier must be dotshop-us-east-1 (the replica region looks it up by that name)."
  }
  assert {
    condition     = module.region.primary_db_lookup == null
    error_message = "The primary region must not look up another primary."
  }
  assert {
    condition     = module.region.database.multi_az == true
    error_message = "The primary must be Multi-AZ."
  }
  assert {
    condition     = module.region.database.backup_retention_period >= 7
    error_message = "The primary must keep at least 7 days of backups (PITR)."
  }
  assert {
    condition     = module.region.database.storage_encrypted == true && module.region.database.kms_key_id != null
    error_message = "The database must be storage-encrypted with this region's KMS key."
  }
  assert {
    condition     = module.region.database.deletion_protection == true
    error_message = "The database must be deletion-protected."
  }
  assert {
    condition     = module.region.database.publicly_accessible == false
    error_message = "The database must not be publicly accessible."
  }
  assert {
    condition     = module.region.database.performance_insights == true
    error_message = "Performance Insights must be on."
  }

  # The containers follow the flag.
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      { for e in jsondecode(defs)[0].environment : e.name => e.value }["PRIMARY_REGION"] == "us-east-1"
    ])
    error_message = "Both services must get PRIMARY_REGION = us-east-1."
  }
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      { for e in jsondecode(defs)[0].environment : e.name => e.value }["REGION"] == "us-east-1"
    ])
    error_message = "Both services must get REGION = us-east-1."
  }
  # Writes from the other region are forwarded to the primary region's own origin name (ADR 024).
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      length(regexall("^eu-west-1=https://eu-west-1\\.origin\\.[^,]+,us-east-1=https://us-east-1\\.origin\\.[^,]+$", { for e in jsondecode(defs)[0].environment : e.name => e.value }["REGION_URLS"])) == 1
    ])
    error_message = "Both services must get REGION_URLS naming each region's origin."
  }
  assert {
    condition     = keys(module.region.database_url_secrets) == ["us-east-1"]
    error_message = "In the primary region the only database URL is the local primary's."
  }
  assert {
    condition     = module.region.database_url_secrets["us-east-1"].database_identifier == "dotshop-us-east-1"
    error_message = "The us-east-1 URL secret must be the one of dotshop-us-east-1."
  }
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      { for s in jsondecode(defs)[0].secrets : s.name => s.valueFrom }["DATABASE_URL"] == module.region.database_url_secrets["us-east-1"].arn
    ])
    error_message = "DATABASE_URL of both services must be the secret of the primary (dotshop-us-east-1)."
  }
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      { for s in jsondecode(defs)[0].secrets : s.name => s.valueFrom }["DATABASE_REPLICA_URL"] == module.region.database_url_secrets["us-east-1"].arn
    ])
    error_message = "DATABASE_REPLICA_URL in the primary region must be the local database."
  }
  assert {
    condition     = output.database_hosts["us-east-1"] == module.region.database_address
    error_message = "The URL secret must hold the us-east-1 database's own host."
  }

  # Secrets only through `secrets`.
  assert {
    condition = alltrue(flatten([
      for defs in [output.web_container_definitions, output.worker_container_definitions] : [
        for c in jsondecode(defs) : [
          for e in c.environment : length(regexall("SECRET|PASSWORD|TOKEN|^DATABASE_URL|_KEY$", e.name)) == 0
        ]
      ]
    ]))
    error_message = "A secret-looking name (*SECRET*, *PASSWORD*, *TOKEN*, DATABASE_URL*, *_KEY) is in a container's plain environment."
  }
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      length(setsubtract(
        ["DATABASE_URL", "DATABASE_REPLICA_URL", "SESSION_SECRET", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "SHOPIFY_ACCESS_TOKEN", "SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "METRICS_TOKEN"],
        [for s in jsondecode(defs)[0].secrets : s.name],
      )) == 0
    ])
    error_message = "Every secret of the app must reach both containers through `secrets`."
  }
  assert {
    condition = alltrue([
      for s in jsondecode(output.web_container_definitions)[0].secrets :
      startswith(s.valueFrom, "${output.app_secret_arn}:") if !startswith(s.name, "DATABASE_")
    ])
    error_message = "Application secrets must come from this region's dotshop/<region>/app secret."
  }

  # The CDN and its purge grant live in this root.
  assert {
    condition     = output.cdn_distribution_id != null && module.region.worker_policy_arns["cdn-purge"] == module.cdn[0].purge_policy_arn
    error_message = "The CDN lives in this root and its purge policy is attached to the worker (the purge job)."
  }
  assert {
    condition     = { for e in jsondecode(output.worker_container_definitions)[0].environment : e.name => e.value }["CDN_DISTRIBUTION_ID"] == output.cdn_distribution_id
    error_message = "The worker must know the distribution it purges."
  }
  assert {
    condition     = output.peering_connection_id != null
    error_message = "This root owns the VPC peering with eu-west-1."
  }
}

# ---------------------------------------------------------------------------------------------
run "after_flip_to_eu_west_1" {
  command = plan

  variables {
    primary_region = "eu-west-1"
  }

  # The eu-west-1 primary as the lookup in the primary region finds it.
  override_data {
    target          = module.region.data.aws_db_instance.primary
    override_during = plan
    values = {
      db_instance_arn = "arn:aws:rds:eu-west-1:123456789012:db:dotshop-eu-west-1"
      address         = "dotshop-eu-west-1.cexample.eu-west-1.rds.amazonaws.com"
    }
  }

  assert {
    condition     = module.region.primary_db_lookup == "dotshop-eu-west-1"
    error_message = "The replica region must look up the primary as dotshop-<primary_region>."
  }
  assert {
    condition     = module.region.database.replicate_source_db == "arn:aws:rds:eu-west-1:123456789012:db:dotshop-eu-west-1"
    error_message = "After the flip the us-east-1 database must be a replica of the eu-west-1 primary's ARN."
  }
  assert {
    condition     = module.region.database.multi_az == false
    error_message = "The replica is single-AZ by default (database.replica_multi_az)."
  }
  assert {
    condition     = module.region.database.storage_encrypted && module.region.database.deletion_protection && !module.region.database.publicly_accessible
    error_message = "The replica must be encrypted, deletion-protected and private too."
  }
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      { for e in jsondecode(defs)[0].environment : e.name => e.value }["PRIMARY_REGION"] == "eu-west-1"
    ])
    error_message = "Both services must get PRIMARY_REGION = eu-west-1 after the flip."
  }
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      { for s in jsondecode(defs)[0].secrets : s.name => s.valueFrom }["DATABASE_URL"] == module.region.database_url_secrets["eu-west-1"].arn
    ])
    error_message = "After the flip DATABASE_URL must be the secret of the eu-west-1 primary."
  }
  assert {
    condition     = module.region.database_url_secrets["eu-west-1"].database_identifier == "dotshop-eu-west-1" && output.database_hosts["eu-west-1"] == "dotshop-eu-west-1.cexample.eu-west-1.rds.amazonaws.com"
    error_message = "The primary's URL secret must be dotshop-eu-west-1's, with the primary's host."
  }
  assert {
    condition = alltrue([
      for defs in [output.web_container_definitions, output.worker_container_definitions] :
      { for s in jsondecode(defs)[0].secrets : s.name => s.valueFrom }["DATABASE_REPLICA_URL"] == module.region.database_url_secrets["us-east-1"].arn
    ])
    error_message = "DATABASE_REPLICA_URL must stay the local (us-east-1) database."
  }
}

# ---------------------------------------------------------------------------------------------
run "flip_with_explicit_primary_arn" {
  command = plan

  variables {
    primary_region     = "eu-west-1"
    primary_db_arn     = "arn:aws:rds:eu-west-1:123456789012:db:dotshop-eu-west-1"
    primary_db_address = "dotshop-eu-west-1.cexample.eu-west-1.rds.amazonaws.com"
  }

  assert {
    condition     = module.region.primary_db_lookup == null
    error_message = "Given primary_db_arn and primary_db_address, nothing is looked up in the primary region."
  }
  assert {
    condition     = module.region.database.replicate_source_db == var.primary_db_arn
    error_message = "replicate_source_db must be the given primary_db_arn."
  }
}



# ---------------------------------------------------------------------------------------------
run "first_apply_without_cdn_and_peering" {
  command = plan

  variables {
    enable_cdn     = false
    enable_peering = false
  }

  assert {
    condition     = output.cdn_distribution_id == null && output.peering_connection_id == null && length(module.region.worker_policy_arns) == 0
    error_message = "enable_cdn/enable_peering = false must leave the CDN, its purge grant and the peering out."
  }
  assert {
    condition     = !contains([for e in jsondecode(output.worker_container_definitions)[0].environment : e.name], "CDN_DISTRIBUTION_ID")
    error_message = "No CDN: no CDN_DISTRIBUTION_ID."
  }
}

# ---------------------------------------------------------------------------------------------
run "a_secret_in_plain_environment_is_rejected" {
  command = plan

  variables {
    app_environment = { SESSION_SECRET = "leaked" }
  }

  expect_failures = [var.app_environment]
}
