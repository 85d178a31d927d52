# One region's compute: an ECS Fargate cluster running the one image as two services, `web`
# (behind the ALB, `node build/node/web.js`) and `worker` (`node build/node/worker.js`). Configuration is
# plain environment for non-secrets and ECS `secrets` (Secrets Manager) for everything secret,
# so no secret value appears in the task definition. Roles are per purpose: one execution role
# (pull the image, write logs, read exactly the referenced secrets) and one task role per
# service (the web role may only remote-write metrics, the worker role only what is attached,
# e.g. the CloudFront invalidation policy).

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

locals {
  # <account>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag|@digest] -> the repository ARN, so the
  # execution role can pull from exactly that repository. Non-ECR images need no ECR grant.
  ecr_match = regexall("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/([^:@]+)", var.image)
  ecr_repository_arn = length(local.ecr_match) == 0 ? null : format(
    "arn:%s:ecr:%s:%s:repository/%s",
    data.aws_partition.current.partition, local.ecr_match[0][1], local.ecr_match[0][0], local.ecr_match[0][2],
  )

  environment = [for k in sort(keys(var.environment)) : { name = k, value = var.environment[k] }]
  secrets     = [for k in sort(keys(var.secrets)) : { name = k, valueFrom = var.secrets[k] }]

  log_groups = {
    web    = "/dotshop/${var.region}/web"
    worker = "/dotshop/${var.region}/worker"
  }

  collector = var.metrics_collector.enabled
  collector_config = !local.collector ? "" : yamlencode({
    extensions = {
      sigv4auth = { region = var.region, service = "aps" }
    }
    receivers = {
      prometheus = {
        config = {
          scrape_configs = [merge(
            {
              job_name        = "dotshop-web"
              scrape_interval = "${var.metrics_collector.scrape_interval_s}s"
              metrics_path    = "/metrics"
              static_configs = [{
                targets = ["127.0.0.1:3000"]
                labels  = { region = var.region, service = "web" }
              }]
            },
            # METRICS_TOKEN reaches the collector as its own ECS secret; the collector expands it.
            var.metrics_collector.token_value_from == null ? {} : {
              authorization = { type = "Bearer", credentials = "$${env:METRICS_TOKEN}" }
            },
          )]
        }
      }
    }
    exporters = {
      prometheusremotewrite = {
        endpoint = var.metrics_collector.remote_write_url
        auth     = { authenticator = "sigv4auth" }
      }
    }
    service = {
      extensions = ["sigv4auth"]
      pipelines = {
        metrics = { receivers = ["prometheus"], exporters = ["prometheusremotewrite"] }
      }
    }
  })

  app_container = {
    image                  = var.image
    essential              = true
    environment            = local.environment
    secrets                = local.secrets
    readonlyRootFilesystem = false
    linuxParameters        = { initProcessEnabled = true }
    stopTimeout            = 30
  }

  web_containers = concat(
    [merge(local.app_container, {
      name         = "web"
      command      = var.commands.web
      portMappings = [{ name = "http", containerPort = 3000, hostPort = 3000, protocol = "tcp" }]
      healthCheck = {
        command     = ["CMD-SHELL", "node -e \"fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))\""]
        interval    = 15
        timeout     = 5
        retries     = 3
        startPeriod = 60
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this["web"].name
          awslogs-region        = var.region
          awslogs-stream-prefix = "web"
        }
      }
    })],
    local.collector ? [{
      name        = "metrics-collector"
      image       = var.metrics_collector.image
      essential   = false
      environment = [{ name = "AOT_CONFIG_CONTENT", value = local.collector_config }]
      secrets = var.metrics_collector.token_value_from == null ? [] : [
        { name = "METRICS_TOKEN", valueFrom = var.metrics_collector.token_value_from },
      ]
      dependsOn = [{ containerName = "web", condition = "START" }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this["web"].name
          awslogs-region        = var.region
          awslogs-stream-prefix = "collector"
        }
      }
    }] : [],
  )

  worker_containers = [merge(local.app_container, {
    name    = "worker"
    command = var.commands.worker
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this["worker"].name
        awslogs-region        = var.region
        awslogs-stream-prefix = "worker"
      }
    }
  })]
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

resource "aws_cloudwatch_log_group" "this" {
  for_each = local.log_groups

  name              = each.value
  retention_in_days = var.log_retention_days
  tags              = merge(var.tags, { Name = each.value, Service = each.key })
}

# ---------------------------------------------------------------------------------------------
# IAM

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-ecs-execution"
  description        = "ECS agent for DotShop in ${var.region}: pull the image, write logs, read the task secrets"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "execution" {
  statement {
    sid       = "EcrToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  dynamic "statement" {
    for_each = local.ecr_repository_arn == null ? [] : [local.ecr_repository_arn]
    content {
      sid       = "EcrPull"
      actions   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
      resources = [statement.value]
    }
  }

  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [for g in aws_cloudwatch_log_group.this : "${g.arn}:*"]
  }

  statement {
    sid       = "TaskSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = var.secret_arns
  }
}

resource "aws_iam_role_policy" "execution" {
  name   = "ecs-execution"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

resource "aws_iam_role" "task" {
  for_each = toset(["web", "worker"])

  name               = "${var.name}-${each.key}-task"
  description        = "The DotShop ${each.key} process in ${var.region}"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = merge(var.tags, { Service = each.key })
}

data "aws_iam_policy_document" "web_metrics" {
  count = local.collector ? 1 : 0

  statement {
    sid       = "RemoteWriteMetrics"
    actions   = ["aps:RemoteWrite"]
    resources = [var.metrics_collector.workspace_arn]
  }
}

resource "aws_iam_role_policy" "web_metrics" {
  count = local.collector ? 1 : 0

  name   = "remote-write-metrics"
  role   = aws_iam_role.task["web"].id
  policy = data.aws_iam_policy_document.web_metrics[0].json
}

resource "aws_iam_role_policy_attachment" "worker" {
  for_each = var.worker_policy_arns

  role       = aws_iam_role.task["worker"].name
  policy_arn = each.value
}

# ---------------------------------------------------------------------------------------------
# Task definitions and services

resource "aws_ecs_task_definition" "web" {
  family                   = "${var.name}-web"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.web.cpu
  memory                   = var.web.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task["web"].arn
  container_definitions    = jsonencode(local.web_containers)
  # Keep old revisions registered: the deployment circuit breaker rolls back to them.
  skip_destroy = true

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  tags = merge(var.tags, { Service = "web" })
}

resource "aws_ecs_task_definition" "worker" {
  family                   = "${var.name}-worker"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.worker.cpu
  memory                   = var.worker.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task["worker"].arn
  container_definitions    = jsonencode(local.worker_containers)
  # Keep old revisions registered: the deployment circuit breaker rolls back to them.
  skip_destroy = true

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  tags = merge(var.tags, { Service = "worker" })
}

resource "aws_ecs_service" "web" {
  name                              = "web"
  cluster                           = aws_ecs_cluster.this.id
  task_definition                   = aws_ecs_task_definition.web.arn
  desired_count                     = var.web.min_count
  launch_type                       = "FARGATE"
  platform_version                  = "LATEST"
  health_check_grace_period_seconds = 60
  propagate_tags                    = "SERVICE"
  enable_ecs_managed_tags           = true
  enable_execute_command            = false

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [var.security_group_id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = "web"
    container_port   = 3000
  }

  tags = merge(var.tags, { Service = "web" })

  lifecycle {
    # Autoscaling owns the running count.
    ignore_changes = [desired_count]
  }
}

resource "aws_ecs_service" "worker" {
  name                    = "worker"
  cluster                 = aws_ecs_cluster.this.id
  task_definition         = aws_ecs_task_definition.worker.arn
  desired_count           = var.worker.min_count
  launch_type             = "FARGATE"
  platform_version        = "LATEST"
  propagate_tags          = "SERVICE"
  enable_ecs_managed_tags = true
  enable_execute_command  = false

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [var.security_group_id]
    assign_public_ip = false
  }

  tags = merge(var.tags, { Service = "worker" })

  lifecycle {
    ignore_changes = [desired_count]
  }
}

# ---------------------------------------------------------------------------------------------
# Autoscaling: web on CPU and on ALB requests per target, worker on CPU.

resource "aws_appautoscaling_target" "this" {
  for_each = {
    web    = { service = aws_ecs_service.web.name, min = var.web.min_count, max = var.web.max_count }
    worker = { service = aws_ecs_service.worker.name, min = var.worker.min_count, max = var.worker.max_count }
  }

  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${each.value.service}"
  min_capacity       = each.value.min
  max_capacity       = each.value.max
  tags               = merge(var.tags, { Service = each.key })
}

resource "aws_appautoscaling_policy" "cpu" {
  for_each = {
    web    = var.web.cpu_target
    worker = var.worker.cpu_target
  }

  name               = "${var.name}-${each.key}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this[each.key].service_namespace
  scalable_dimension = aws_appautoscaling_target.this[each.key].scalable_dimension
  resource_id        = aws_appautoscaling_target.this[each.key].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = each.value
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "web_requests" {
  name               = "${var.name}-web-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this["web"].service_namespace
  scalable_dimension = aws_appautoscaling_target.this["web"].scalable_dimension
  resource_id        = aws_appautoscaling_target.this["web"].resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.web.requests_per_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${var.alb_arn_suffix}/${var.target_group_arn_suffix}"
    }
  }
}
