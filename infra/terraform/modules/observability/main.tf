# Observability of one region (decision in docs/decisions/016-terraform-two-regions.md):
# - Amazon Managed Prometheus: a workspace per region that the web task's collector sidecar
#   remote-writes /metrics into, with the "dotshop" rule group namespace loaded from a rule file
#   (a placeholder until the alert rules arrive) and an Alertmanager that notifies an SNS topic.
# - CloudWatch alarms only for what exists only in CloudWatch: RDS (CPU, storage, replica lag)
#   and the ALB (unhealthy targets, 5xx from the load balancer itself). Same SNS topic.

locals {
  rules_file = coalesce(var.rules_file, "${path.module}/rules/dotshop.rules.yml")
}

data "aws_caller_identity" "current" {}

resource "aws_prometheus_workspace" "this" {
  alias = var.name
  tags  = merge(var.tags, { Name = var.name })
}

resource "aws_prometheus_rule_group_namespace" "dotshop" {
  name         = "dotshop"
  workspace_id = aws_prometheus_workspace.this.id
  data         = file(local.rules_file)
  tags         = var.tags
}

resource "aws_sns_topic" "alerts" {
  name = "${var.name}-alerts"
  tags = merge(var.tags, { Name = "${var.name}-alerts" })
}

data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "ManagedPrometheusPublishes"
    actions   = ["sns:Publish", "sns:GetTopicAttributes"]
    resources = [aws_sns_topic.alerts.arn]

    principals {
      type        = "Service"
      identifiers = ["aps.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_prometheus_workspace.this.arn]
    }
  }

  statement {
    sid       = "CloudWatchPublishes"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts.json
}

resource "aws_sns_topic_subscription" "email" {
  for_each = toset(var.alert_emails)

  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = each.value
}

resource "aws_prometheus_alert_manager_definition" "this" {
  workspace_id = aws_prometheus_workspace.this.id
  definition = yamlencode({
    alertmanager_config = yamlencode({
      route = {
        receiver        = "sns"
        group_by        = ["alertname", "region"]
        group_wait      = "30s"
        group_interval  = "5m"
        repeat_interval = "4h"
      }
      receivers = [{
        name = "sns"
        sns_configs = [{
          topic_arn = aws_sns_topic.alerts.arn
          sigv4     = { region = var.region }
          attributes = {
            region = var.region
          }
        }]
      }]
    })
  })
}

# ---------------------------------------------------------------------------------------------
# CloudWatch alarms (AWS-side metrics the app cannot see)

locals {
  alarms = merge(
    {
      database-cpu = {
        namespace   = "AWS/RDS"
        metric      = "CPUUtilization"
        statistic   = "Average"
        threshold   = 80
        operator    = "GreaterThanThreshold"
        periods     = 3
        dimensions  = { DBInstanceIdentifier = var.database_identifier }
        description = "Database CPU above 80% for 15 minutes (burstable class: check CPU credits)."
      }
      database-free-storage = {
        namespace   = "AWS/RDS"
        metric      = "FreeStorageSpace"
        statistic   = "Minimum"
        threshold   = 2 * 1024 * 1024 * 1024
        operator    = "LessThanThreshold"
        periods     = 1
        dimensions  = { DBInstanceIdentifier = var.database_identifier }
        description = "Less than 2 GiB free on the database (autoscaling storage has hit its ceiling?)."
      }
      alb-unhealthy-targets = {
        namespace   = "AWS/ApplicationELB"
        metric      = "UnHealthyHostCount"
        statistic   = "Maximum"
        threshold   = 0
        operator    = "GreaterThanThreshold"
        periods     = 2
        dimensions  = { LoadBalancer = var.alb_arn_suffix, TargetGroup = var.target_group_arn_suffix }
        description = "Web targets failing /readyz (database unreachable from this region?)."
      }
      alb-5xx = {
        namespace   = "AWS/ApplicationELB"
        metric      = "HTTPCode_ELB_5XX_Count"
        statistic   = "Sum"
        threshold   = 25
        operator    = "GreaterThanThreshold"
        periods     = 1
        dimensions  = { LoadBalancer = var.alb_arn_suffix }
        description = "The load balancer itself answered 5xx (no healthy targets, timeouts)."
      }
    },
    var.database_is_replica ? {
      database-replica-lag = {
        namespace   = "AWS/RDS"
        metric      = "ReplicaLag"
        statistic   = "Maximum"
        threshold   = var.replica_lag_alarm_seconds
        operator    = "GreaterThanThreshold"
        periods     = 1
        dimensions  = { DBInstanceIdentifier = var.database_identifier }
        description = "The regional replica is behind the primary (stale reads; the RPO of a failover now)."
      }
    } : {},
  )
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = local.alarms

  alarm_name          = "${var.name}-${each.key}"
  alarm_description   = each.value.description
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = each.value.statistic
  dimensions          = each.value.dimensions
  period              = 300
  evaluation_periods  = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = each.value.operator
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  tags                = var.tags
}
