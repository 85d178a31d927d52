# Shared by both region roots:
#   cd infra/terraform/envs/<region> && terraform plan -var-file=../regions.tfvars
# Values below are placeholders (account 123456789012, example.com zone): replace them.

# THE FAILOVER FLAG: the region holding the primary database. Also the containers'
# PRIMARY_REGION. Flipping it is the failover; read infra/README.md ("Failover") first.
primary_region = "us-east-1"

vpc_cidrs = {
  "us-east-1" = "10.10.0.0/16"
  "eu-west-1" = "10.20.0.0/16"
}

domain_name     = "shop.example.com"
route53_zone_id = "Z0123456789EXAMPLE"

# Per region, covering origin.<domain_name>.
alb_certificate_arns = {
  "us-east-1" = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000001"
  "eu-west-1" = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000002"
}

# One image, replicated to each region's ECR repository (same tag).
container_images = {
  "us-east-1" = "123456789012.dkr.ecr.us-east-1.amazonaws.com/dotshop:2026-12-04"
  "eu-west-1" = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/dotshop:2026-12-04"
}

shopify_shop_domain = "dotshop.myshopify.com"
admin_email         = "owner@example.com"

# Bump after changing TF_VAR_db_password (rotation), then apply the primary's root first.
db_password_version = 1
