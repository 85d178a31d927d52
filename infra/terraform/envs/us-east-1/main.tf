# DotShop in us-east-1. Also home of the CDN (CloudFront and its ACM certificate are
# global / us-east-1) and of the VPC peering between the two regions.
#
#   terraform init -backend-config=backend.hcl
#   TF_VAR_db_password=... terraform plan -var-file=../regions.tfvars

locals {
  region      = "us-east-1"
  peer_region = "eu-west-1"
}

module "region" {
  source = "../../modules/region"

  providers = {
    aws         = aws
    aws.primary = aws.primary
  }

  region              = local.region
  primary_region      = var.primary_region
  vpc_cidrs           = var.vpc_cidrs
  domain_name         = var.domain_name
  route53_zone_id     = var.route53_zone_id
  alb_certificate_arn = var.alb_certificate_arns[local.region]
  container_image     = var.container_images[local.region]
  container_commands  = var.container_commands

  db_password         = var.db_password
  db_password_version = var.db_password_version
  database            = var.database
  database_sslmode    = var.database_sslmode
  node_extra_ca_certs = var.node_extra_ca_certs
  primary_db_arn      = var.primary_db_arn
  primary_db_address  = var.primary_db_address

  web                 = var.web
  worker              = var.worker
  cpu_architecture    = var.cpu_architecture
  app_secret_keys     = var.app_secret_keys
  app_environment     = var.app_environment
  shopify_shop_domain = var.shopify_shop_domain
  admin_email         = var.admin_email

  cdn_distribution_id = var.enable_cdn ? module.cdn[0].distribution_id : null
  worker_policy_arns  = var.enable_cdn ? { cdn-purge = module.cdn[0].purge_policy_arn } : {}

  nat_gateway_count        = var.nat_gateway_count
  alert_emails             = var.alert_emails
  rules_file               = var.rules_file
  enable_metrics_collector = var.enable_metrics_collector
}

module "cdn" {
  source = "../../modules/cdn"
  count  = var.enable_cdn ? 1 : 0

  domain_name        = var.domain_name
  extra_aliases      = var.cdn_extra_aliases
  route53_zone_id    = var.route53_zone_id
  certificate_arn    = var.cloudfront_certificate_arn
  origin_domain_name = "origin.${var.domain_name}"
  tags               = { Project = "dotshop", Region = "global", ManagedBy = "terraform" }
}

module "peering" {
  source = "../../modules/peering"
  count  = var.enable_peering ? 1 : 0

  providers = {
    aws      = aws
    aws.peer = aws.peer
  }

  name            = "dotshop-${local.region}-${local.peer_region}"
  vpc_id          = module.region.vpc_id
  vpc_cidr        = var.vpc_cidrs[local.region]
  route_table_ids = module.region.private_route_table_ids
  peer_region     = local.peer_region
  peer_vpc_name   = "dotshop-${local.peer_region}"
  peer_vpc_cidr   = var.vpc_cidrs[local.peer_region]
  tags            = { Project = "dotshop", Region = local.region, ManagedBy = "terraform" }
}
