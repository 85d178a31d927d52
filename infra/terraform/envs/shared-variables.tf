# Variables shared by both region roots: envs/us-east-1/variables.tf and envs/eu-west-1/variables.tf
# are symlinks to this one file, so the two roots cannot drift. Their values are in
# envs/regions.tfvars; root-specific variables are in each root's variables-root.tf.

variable "primary_region" {
  description = "THE FAILOVER FLAG. The region holding the primary database; the same value is the containers' PRIMARY_REGION. The root of that region creates the primary; the other root a cross-region read replica of it. Flip it to fail over (infra/README.md)."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = contains(["us-east-1", "eu-west-1"], var.primary_region)
    error_message = "primary_region must be us-east-1 or eu-west-1."
  }
}

variable "vpc_cidrs" {
  description = "VPC CIDR (/16) per region. They must not overlap: the VPCs are peered."
  type        = map(string)
  default = {
    "us-east-1" = "10.10.0.0/16"
    "eu-west-1" = "10.20.0.0/16"
  }

  validation {
    condition     = length(setsubtract(["us-east-1", "eu-west-1"], keys(var.vpc_cidrs))) == 0
    error_message = "vpc_cidrs must have a CIDR for us-east-1 and eu-west-1."
  }
}

variable "domain_name" {
  description = "The shop's public host name, e.g. \"shop.example.com\"."
  type        = string
}

variable "route53_zone_id" {
  description = "Route 53 public hosted zone of domain_name."
  type        = string
}

variable "alb_certificate_arns" {
  description = "ACM certificate ARN per region for that region's ALB; each must cover origin.<domain_name>."
  type        = map(string)
}

variable "container_images" {
  description = "The one DotShop image per region (same tag, each region's ECR repository)."
  type        = map(string)
}

variable "container_commands" {
  description = "Commands of the web and worker containers of the one image (infra/Dockerfile, ADR 017)."
  type = object({
    web    = list(string)
    worker = list(string)
  })
  default = {
    web    = ["node", "build/node/web.js"]
    worker = ["node", "build/node/worker.js"]
  }
}

variable "db_password" {
  description = "Database master password (TF_VAR_db_password). Ephemeral: written only to write-only attributes (RDS password_wo, the URL secrets' secret_string_wo), never to plan or state. Required on every plan/apply; only sent when db_password_version changes."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "db_password_version" {
  description = "Bump when db_password changes, so the primary and the URL secrets are written again."
  type        = number
  default     = 1
}

variable "database" {
  description = "Database settings; see modules/database for each (defaults: db.t4g.medium, PostgreSQL 18, 20-200 GiB gp3, 7-day PITR, replica single-AZ)."
  type = object({
    instance_class         = optional(string, "db.t4g.medium")
    engine_version         = optional(string, "18")
    parameter_group_family = optional(string, "postgres18")
    allocated_storage      = optional(number, 20)
    max_allocated_storage  = optional(number, 200)
    replica_multi_az       = optional(bool, false)
    backup_retention_days  = optional(number, 7)
    max_connections        = optional(number, 400)
    deletion_protection    = optional(bool, true)
    db_name                = optional(string, "dotshop")
    username               = optional(string, "dotshop")
  })
  default = {}
}

variable "database_sslmode" {
  description = "sslmode in the DATABASE_URLs. verify-full requires the RDS CA bundle in the image (see node_extra_ca_certs)."
  type        = string
  default     = "verify-full"

  validation {
    condition     = contains(["require", "verify-ca", "verify-full"], var.database_sslmode)
    error_message = "database_sslmode must be require, verify-ca or verify-full (RDS forces TLS)."
  }
}

variable "node_extra_ca_certs" {
  description = "Path of the RDS CA bundle inside the image, set as NODE_EXTRA_CA_CERTS (null: unset)."
  type        = string
  default     = null
}

variable "primary_db_arn" {
  description = "Optional: ARN of the primary database, for the replica region. Null: looked up in primary_region by identifier dotshop-<primary_region>. Ignored in the primary region."
  type        = string
  default     = null
}

variable "primary_db_address" {
  description = "Optional: host name of the primary database, for the replica region. Null: looked up like primary_db_arn."
  type        = string
  default     = null
}

variable "web" {
  description = "Web service: cpu units, memory MiB, min/max tasks, CPU target %, ALB requests per target per minute."
  type = object({
    cpu                 = optional(number, 512)
    memory              = optional(number, 1024)
    min_count           = optional(number, 2)
    max_count           = optional(number, 6)
    cpu_target          = optional(number, 60)
    requests_per_target = optional(number, 600)
  })
  default = {}
}

variable "worker" {
  description = "Worker service: cpu units, memory MiB, min/max tasks, CPU target %."
  type = object({
    cpu        = optional(number, 512)
    memory     = optional(number, 1024)
    min_count  = optional(number, 1)
    max_count  = optional(number, 3)
    cpu_target = optional(number, 60)
  })
  default = {}
}

variable "cpu_architecture" {
  description = "Fargate CPU architecture: X86_64, or ARM64 (about 20% cheaper) when the image is built for arm64."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "app_secret_keys" {
  description = "Keys of the JSON secret dotshop/<region>/app, injected as ECS secrets (every key must be present in the secret)."
  type        = list(string)
  default = [
    "SESSION_SECRET",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "SHOPIFY_ACCESS_TOKEN",
    "SHOPIFY_API_KEY",
    "SHOPIFY_API_SECRET",
    "METRICS_TOKEN",
  ]
}

variable "app_environment" {
  description = "Extra non-secret environment of both containers (e.g. LOG_LEVEL, CHECKOUT_PAYMENT_TIMEOUT_SECONDS). Secrets never go here: add their key to app_secret_keys."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([
      for k in keys(var.app_environment) :
      length(regexall("SECRET|PASSWORD|TOKEN|^DATABASE_URL|_KEY$", k)) == 0
    ])
    error_message = "A secret-looking name (*SECRET*, *PASSWORD*, *TOKEN*, DATABASE_URL*, *_KEY) cannot be plain environment: put it in the dotshop/<region>/app secret and list it in app_secret_keys."
  }
}

variable "shopify_shop_domain" {
  description = "SHOPIFY_SHOP_DOMAIN, <shop>.myshopify.com."
  type        = string
}

variable "admin_email" {
  description = "ADMIN_EMAIL of the first owner account."
  type        = string
}

variable "nat_gateway_count" {
  description = "NAT gateways per region (1: cheapest; 3: outbound calls survive the loss of an AZ)."
  type        = number
  default     = 1
}

variable "alert_emails" {
  description = "E-mail addresses subscribed to the alert topics."
  type        = list(string)
  default     = []
}

variable "rules_file" {
  description = "Prometheus rule file loaded into each region's AMP workspace (null: the placeholder modules/observability/rules/dotshop.rules.yml)."
  type        = string
  default     = null
}

variable "enable_metrics_collector" {
  description = "Run the AMP collector sidecar in the web task."
  type        = bool
  default     = true
}
