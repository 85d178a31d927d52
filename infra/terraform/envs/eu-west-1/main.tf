# DotShop in eu-west-1. The CDN and the VPC peering are managed by the us-east-1 root; this
# root only registers its ALB in the latency record set origin.<domain> and, once the
# distribution exists, lets its worker purge it.
#
#   terraform init -backend-config=backend.hcl
#   TF_VAR_db_password=... terraform plan -var-file=../regions.tfvars

locals {
  region = "eu-west-1"
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

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

  cdn_distribution_id = var.cdn_distribution_id
  worker_policy_arns = var.cdn_distribution_id == null ? {} : {
    cdn-purge = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:policy/${var.cdn_purge_policy_name}"
  }

  nat_gateway_count        = var.nat_gateway_count
  alert_emails             = var.alert_emails
  rules_file               = var.rules_file
  enable_metrics_collector = var.enable_metrics_collector
}
