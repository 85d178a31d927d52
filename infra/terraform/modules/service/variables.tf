variable "name" {
  description = "Name prefix, e.g. \"dotshop-us-east-1\" (cluster, roles, log groups)."
  type        = string
}

variable "region" {
  description = "AWS region (log configuration, collector)."
  type        = string
}

variable "image" {
  description = "The one container image of web and worker (infra/Dockerfile), e.g. <account>.dkr.ecr.<region>.amazonaws.com/dotshop:<tag>."
  type        = string
}

variable "commands" {
  description = "Commands of the two containers of the one image (infra/Dockerfile, ADR 017: compiled JavaScript, no tsx at run time)."
  type = object({
    web    = list(string)
    worker = list(string)
  })
  default = {
    web    = ["node", "build/node/web.js"]
    worker = ["node", "build/node/worker.js"]
  }
}

variable "subnet_ids" {
  description = "Private app subnets of the tasks."
  type        = list(string)
}

variable "security_group_id" {
  description = "Security group of the tasks."
  type        = string
}

variable "target_group_arn" {
  description = "ALB target group of the web service."
  type        = string
}

variable "alb_arn_suffix" {
  description = "ALB ARN suffix (request-count autoscaling)."
  type        = string
}

variable "target_group_arn_suffix" {
  description = "Target group ARN suffix (request-count autoscaling)."
  type        = string
}

variable "environment" {
  description = "Plain environment of both containers. Never a secret: names that look like one are rejected (put them in `secrets`)."
  type        = map(string)

  validation {
    condition = alltrue([
      for k in keys(var.environment) :
      length(regexall("SECRET|PASSWORD|TOKEN|^DATABASE_URL|_KEY$", k)) == 0
    ])
    error_message = "A secret-looking name (*SECRET*, *PASSWORD*, *TOKEN*, DATABASE_URL*, *_KEY) is in the plain environment; pass it in `secrets` (Secrets Manager / SSM)."
  }
}

variable "secrets" {
  description = "Environment variables injected by ECS from Secrets Manager or SSM: name => valueFrom (secret ARN, optionally with :json-key::)."
  type        = map(string)
}

variable "secret_arns" {
  description = "Secrets Manager secret ARNs the execution role may read (exactly the secrets referenced in `secrets`)."
  type        = list(string)
}

variable "web" {
  description = "Web service size and autoscaling: Fargate cpu units / memory MiB per task, task count range, target CPU % and ALB requests per target per minute."
  type = object({
    cpu                 = optional(number, 512)
    memory              = optional(number, 1024)
    min_count           = optional(number, 2)
    max_count           = optional(number, 6)
    cpu_target          = optional(number, 60)
    requests_per_target = optional(number, 600)
  })
  default = {}

  validation {
    condition     = var.web.min_count >= 1 && var.web.max_count >= var.web.min_count
    error_message = "web.min_count must be at least 1 and at most web.max_count."
  }
}

variable "worker" {
  description = "Worker service size and autoscaling (CPU only: the worker takes no HTTP traffic)."
  type = object({
    cpu        = optional(number, 512)
    memory     = optional(number, 1024)
    min_count  = optional(number, 1)
    max_count  = optional(number, 3)
    cpu_target = optional(number, 60)
  })
  default = {}

  validation {
    condition     = var.worker.min_count >= 1 && var.worker.max_count >= var.worker.min_count
    error_message = "worker.min_count must be at least 1 and at most worker.max_count."
  }
}

variable "cpu_architecture" {
  description = "Fargate CPU architecture. X86_64 unless the image is built for arm64 (ARM64 is about 20% cheaper)."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "container_insights" {
  description = "ECS Container Insights (extra CloudWatch metrics, billed)."
  type        = bool
  default     = false
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention of the containers' logs."
  type        = number
  default     = 30
}

variable "worker_policy_arns" {
  description = "Extra managed policies of the worker task role, keyed by a static name (e.g. cdn-purge => the CloudFront invalidation policy)."
  type        = map(string)
  default     = {}
}

variable "metrics_collector" {
  description = "Sidecar in the web task that scrapes /metrics and remote-writes to Amazon Managed Prometheus. token_value_from: valueFrom of METRICS_TOKEN (null when /metrics is open)."
  type = object({
    enabled           = bool
    image             = optional(string, "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0")
    remote_write_url  = optional(string)
    workspace_arn     = optional(string)
    token_value_from  = optional(string)
    scrape_interval_s = optional(number, 30)
  })
  default = { enabled = false }
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
