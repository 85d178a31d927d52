output "cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.this.name
}

output "web_service_name" {
  description = "Web service name."
  value       = aws_ecs_service.web.name
}

output "worker_service_name" {
  description = "Worker service name."
  value       = aws_ecs_service.worker.name
}

output "web_container_definitions" {
  description = "Container definitions (JSON) of the web task."
  value       = aws_ecs_task_definition.web.container_definitions
}

output "worker_container_definitions" {
  description = "Container definitions (JSON) of the worker task."
  value       = aws_ecs_task_definition.worker.container_definitions
}

output "execution_role_arn" {
  description = "Execution role of both task definitions."
  value       = aws_iam_role.execution.arn
}

output "task_role_names" {
  description = "Task role names by service."
  value       = { for k, r in aws_iam_role.task : k => r.name }
}

output "worker_policy_arns" {
  description = "Extra policies attached to the worker task role, by name."
  value       = { for k, a in aws_iam_role_policy_attachment.worker : k => a.policy_arn }
}
