# Everything one region runs, composed from the component modules. Both region roots call this
# module; only `region` differs. `primary_region` decides the database's role and the
# containers' DATABASE_URL / PRIMARY_REGION:
#
#   this region == primary_region  -> the database is the primary (no replicate_source_db);
#                                     DATABASE_URL and DATABASE_REPLICA_URL both point at it.
#   this region != primary_region  -> the database is a cross-region read replica of the
#                                     primary's ARN; DATABASE_URL points at the primary (over
#                                     the VPC peering), DATABASE_REPLICA_URL at the local replica.

locals {
  name        = "dotshop-${var.region}"
  is_primary  = var.region == var.primary_region
  peer_region = one([for r in keys(var.vpc_cidrs) : r if r != var.region])

  tags = merge(var.tags, {
    Project   = "dotshop"
    Region    = var.region
    ManagedBy = "terraform"
  })

  # The primary's identity as the replica region sees it: given, or looked up by identifier.
  lookup_primary     = !local.is_primary && (var.primary_db_arn == null || var.primary_db_address == null)
  primary_identifier = "dotshop-${var.primary_region}"
  primary_db_arn     = local.is_primary ? null : coalesce(var.primary_db_arn, try(data.aws_db_instance.primary[0].db_instance_arn, null))
  primary_db_address = local.is_primary ? null : coalesce(var.primary_db_address, try(data.aws_db_instance.primary[0].address, null))

  # Host of each database these containers use, keyed by the database's region.
  database_hosts = merge(
    { (var.region) = module.database.address },
    local.is_primary ? {} : { (var.primary_region) = local.primary_db_address },
  )
}

check "regions_are_known" {
  assert {
    condition     = contains(keys(var.vpc_cidrs), var.region) && contains(keys(var.vpc_cidrs), var.primary_region)
    error_message = "region and primary_region must both be keys of vpc_cidrs."
  }
}

data "aws_db_instance" "primary" {
  provider = aws.primary
  count    = local.lookup_primary ? 1 : 0

  db_instance_identifier = local.primary_identifier
}

module "network" {
  source = "../network"

  name              = local.name
  region            = var.region
  vpc_cidr          = var.vpc_cidrs[var.region]
  peer_vpc_cidr     = var.vpc_cidrs[local.peer_region]
  nat_gateway_count = var.nat_gateway_count
  tags              = local.tags
}

module "alb" {
  source = "../alb"

  name                = local.name
  region              = var.region
  vpc_id              = module.network.vpc_id
  public_subnet_ids   = module.network.public_subnet_ids
  security_group_id   = module.network.alb_security_group_id
  certificate_arn     = var.alb_certificate_arn
  deletion_protection = var.alb_deletion_protection
  route53_zone_id     = var.route53_zone_id
  origin_record_name  = "origin.${var.domain_name}"
  tags                = local.tags
}

module "database" {
  source = "../database"

  identifier          = local.name
  replicate_source_db = local.primary_db_arn
  subnet_ids          = module.network.database_subnet_ids
  security_group_id   = module.network.database_security_group_id

  instance_class         = var.database.instance_class
  engine_version         = var.database.engine_version
  parameter_group_family = var.database.parameter_group_family
  allocated_storage      = var.database.allocated_storage
  max_allocated_storage  = var.database.max_allocated_storage
  replica_multi_az       = var.database.replica_multi_az
  backup_retention_days  = var.database.backup_retention_days
  max_connections        = var.database.max_connections
  deletion_protection    = var.database.deletion_protection
  db_name                = var.database.db_name
  username               = var.database.username
  password               = var.db_password
  password_version       = var.db_password_version

  tags = local.tags
}

module "observability" {
  source = "../observability"

  name                    = local.name
  region                  = var.region
  rules_file              = var.rules_file
  alert_emails            = var.alert_emails
  database_identifier     = module.database.identifier
  database_is_replica     = !local.is_primary
  alb_arn_suffix          = module.alb.arn_suffix
  target_group_arn_suffix = module.alb.target_group_arn_suffix
  tags                    = local.tags
}

module "service" {
  source = "../service"

  name                    = local.name
  region                  = var.region
  image                   = var.container_image
  commands                = var.container_commands
  subnet_ids              = module.network.app_subnet_ids
  security_group_id       = module.network.service_security_group_id
  target_group_arn        = module.alb.target_group_arn
  alb_arn_suffix          = module.alb.arn_suffix
  target_group_arn_suffix = module.alb.target_group_arn_suffix

  environment = local.environment
  secrets     = local.secrets
  secret_arns = local.secret_arns

  web                = var.web
  worker             = var.worker
  cpu_architecture   = var.cpu_architecture
  worker_policy_arns = var.worker_policy_arns

  metrics_collector = {
    enabled          = var.enable_metrics_collector
    remote_write_url = module.observability.remote_write_url
    workspace_arn    = module.observability.workspace_arn
    token_value_from = contains(var.app_secret_keys, "METRICS_TOKEN") ? "${aws_secretsmanager_secret.app.arn}:METRICS_TOKEN::" : null
  }

  tags = local.tags

  # The web service needs its target group attached to a listener first.
  depends_on = [module.alb]
}
