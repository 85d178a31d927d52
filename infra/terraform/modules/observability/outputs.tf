output "workspace_id" {
  description = "Amazon Managed Prometheus workspace id."
  value       = aws_prometheus_workspace.this.id
}

output "workspace_arn" {
  description = "Amazon Managed Prometheus workspace ARN."
  value       = aws_prometheus_workspace.this.arn
}

output "remote_write_url" {
  description = "Remote-write endpoint of the workspace."
  value       = "${aws_prometheus_workspace.this.prometheus_endpoint}api/v1/remote_write"
}

output "alerts_topic_arn" {
  description = "SNS topic of the alerts (AMP Alertmanager and CloudWatch alarms)."
  value       = aws_sns_topic.alerts.arn
}

output "rules_file" {
  description = "The rule file loaded into the \"dotshop\" namespace."
  value       = local.rules_file
}
