# Secrets of this region's containers. Terraform creates the secrets; it writes a value only
# where it composes one (the database URLs, as write-only values that never reach plan or
# state). Everything else is put by an operator (infra/README.md, "Secrets").

resource "aws_secretsmanager_secret" "app" {
  name                    = "dotshop/${var.region}/app"
  description             = "DotShop application secrets (JSON: ${join(", ", var.app_secret_keys)}), put by an operator"
  recovery_window_in_days = 7
  tags                    = merge(local.tags, { Name = "dotshop/${var.region}/app" })
}

# One URL secret per database these containers use: this region's, and the primary's when that
# is elsewhere. Which one DATABASE_URL names follows primary_region; the secrets' contents never
# change with the flag (each holds one database's URL), so a flip is a new task definition.
resource "aws_secretsmanager_secret" "database_url" {
  for_each = toset(keys(local.database_hosts))

  name        = "dotshop/${var.region}/database-url/${each.key}"
  description = "postgres:// URL of dotshop-${each.key}, read by the containers in ${var.region}"
  # Derived data: re-created at once when the flag flips back (no recovery window to wait out).
  recovery_window_in_days = 0

  tags = merge(local.tags, {
    Name               = "dotshop/${var.region}/database-url/${each.key}"
    DatabaseIdentifier = "dotshop-${each.key}"
  })
}

resource "aws_secretsmanager_secret_version" "database_url" {
  for_each = aws_secretsmanager_secret.database_url

  secret_id                = each.value.id
  secret_string_wo         = "postgresql://${var.database.username}:${urlencode(var.db_password)}@${local.database_hosts[each.key]}:5432/${var.database.db_name}?sslmode=${var.database_sslmode}"
  secret_string_wo_version = var.db_password_version
}

locals {
  environment = merge(
    {
      DOTSHOP_MODE   = "production"
      NODE_ENV       = "production"
      HOST           = "0.0.0.0"
      PORT           = "3000"
      PUBLIC_URL     = "https://${var.domain_name}"
      LOG_LEVEL      = "info"
      REGION         = var.region
      PRIMARY_REGION = var.primary_region
      # Each region's own origin name: the region that is not PRIMARY_REGION forwards its writes
      # (non-GET requests) to the primary region's web tier there (ADR 024). Follows the flag.
      REGION_URLS                  = join(",", [for r in sort(keys(var.vpc_cidrs)) : "${r}=https://${r}.origin.${var.domain_name}"])
      DATABASE_POOL_MAX            = "10"
      DATABASE_PREPARED_STATEMENTS = "1"
      TRUST_PROXY                  = "2" # CloudFront + ALB append to X-Forwarded-For
      SHOPIFY_SHOP_DOMAIN          = var.shopify_shop_domain
      ADMIN_EMAIL                  = var.admin_email
    },
    var.cdn_distribution_id == null ? {} : { CDN_DISTRIBUTION_ID = var.cdn_distribution_id },
    var.node_extra_ca_certs == null ? {} : { NODE_EXTRA_CA_CERTS = var.node_extra_ca_certs },
    var.app_environment,
  )

  # The version resources' ARNs are the secrets' ARNs; referencing them makes every task
  # definition wait until the URL is written (and, on a flip, until the database is promoted).
  secrets = merge(
    {
      DATABASE_URL         = aws_secretsmanager_secret_version.database_url[var.primary_region].arn
      DATABASE_REPLICA_URL = aws_secretsmanager_secret_version.database_url[var.region].arn
    },
    { for k in var.app_secret_keys : k => "${aws_secretsmanager_secret.app.arn}:${k}::" },
  )

  secret_arns = concat(
    [aws_secretsmanager_secret.app.arn],
    [for s in aws_secretsmanager_secret.database_url : s.arn],
  )
}
