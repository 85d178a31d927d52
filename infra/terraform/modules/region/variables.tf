variable "region" {
  description = "The region this stack runs in (the containers' REGION)."
  type        = string
}

variable "primary_region" {
  description = "THE FAILOVER FLAG: the region holding the primary database (the containers' PRIMARY_REGION). Its root creates the primary; the other root a cross-region read replica of it."
  type        = string
}

variable "vpc_cidrs" {
  description = "VPC CIDR per region (both regions; they must not overlap: the VPCs are peered)."
  type        = map(string)

  validation {
    condition     = length(var.vpc_cidrs) == 2
    error_message = "vpc_cidrs must name exactly the two regions."
  }
}

variable "domain_name" {
  description = "The shop's public host name (PUBLIC_URL is https://<domain_name>; CloudFront's origin is origin.<domain_name>)."
  type        = string
}

variable "route53_zone_id" {
  description = "Public hosted zone of domain_name."
  type        = string
}

variable "alb_certificate_arn" {
  description = "ACM certificate of this region covering origin.<domain_name>."
  type        = string
}

variable "container_image" {
  description = "The one image of web and worker, in this region's registry."
  type        = string
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
  description = "Master password of the database (ephemeral: only written to write-only attributes, never to plan or state)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

variable "db_password_version" {
  description = "Bump after changing db_password so it is written again (to the primary and to the URL secrets)."
  type        = number
}

variable "database" {
  description = "Database settings (see modules/database for each one)."
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
  description = "sslmode of the DATABASE_URLs. verify-full needs the RDS CA bundle trusted in the image (NODE_EXTRA_CA_CERTS): node-postgres (pg-boss) treats require as verify-full anyway."
  type        = string
  default     = "verify-full"
}

variable "primary_db_arn" {
  description = "ARN of the primary database, used by the replica region. Null: looked up by identifier dotshop-<primary_region> in the primary region."
  type        = string
  default     = null
}

variable "primary_db_address" {
  description = "Host name of the primary database, used by the replica region. Null: looked up like primary_db_arn."
  type        = string
  default     = null
}

variable "web" {
  description = "Web service size and autoscaling (see modules/service)."
  type        = any
  default     = {}
}

variable "worker" {
  description = "Worker service size and autoscaling (see modules/service)."
  type        = any
  default     = {}
}

variable "cpu_architecture" {
  description = "Fargate CPU architecture of the tasks: X86_64, or ARM64 for an arm64 image."
  type        = string
  default     = "X86_64"
}

variable "app_secret_keys" {
  description = "Keys of the JSON secret dotshop/<region>/app injected as environment variables (each key must exist in the secret or the task will not start)."
  type        = list(string)
}

variable "app_environment" {
  description = "Extra non-secret environment of both containers (overrides the defaults)."
  type        = map(string)
  default     = {}
}

variable "shopify_shop_domain" {
  description = "SHOPIFY_SHOP_DOMAIN (<shop>.myshopify.com)."
  type        = string
}

variable "admin_email" {
  description = "ADMIN_EMAIL of the first owner account."
  type        = string
}

variable "node_extra_ca_certs" {
  description = "NODE_EXTRA_CA_CERTS: path of the RDS CA bundle inside the image (needed by sslmode=verify-full). Null: not set."
  type        = string
  default     = null
}

variable "cdn_distribution_id" {
  description = "CDN_DISTRIBUTION_ID for the purge job. Null until the CDN exists."
  type        = string
  default     = null
}

variable "worker_policy_arns" {
  description = "Extra policies of the worker task role, keyed by a static name (the CDN purge policy)."
  type        = map(string)
  default     = {}
}

variable "nat_gateway_count" {
  description = "NAT gateways in this region (1 to 3)."
  type        = number
  default     = 1
}

variable "alb_deletion_protection" {
  description = "Deletion protection of the ALB."
  type        = bool
  default     = true
}

variable "alert_emails" {
  description = "E-mail addresses subscribed to this region's alerts."
  type        = list(string)
  default     = []
}

variable "rules_file" {
  description = "Prometheus rule file for the AMP workspace (null: the placeholder in modules/observability/rules)."
  type        = string
  default     = null
}

variable "enable_metrics_collector" {
  description = "Run the metrics collector sidecar (scrapes /metrics, remote-writes to AMP) in the web task."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Extra tags of every resource (Project, Region and ManagedBy are always set)."
  type        = map(string)
  default     = {}
}
