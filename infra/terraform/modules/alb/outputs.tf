output "arn" {
  description = "ALB ARN."
  value       = aws_lb.this.arn
}

output "arn_suffix" {
  description = "ALB ARN suffix (CloudWatch dimension, autoscaling resource label)."
  value       = aws_lb.this.arn_suffix
}

output "dns_name" {
  description = "ALB DNS name."
  value       = aws_lb.this.dns_name
}

output "zone_id" {
  description = "Route 53 zone of the ALB DNS name."
  value       = aws_lb.this.zone_id
}

output "target_group_arn" {
  description = "Target group of the web service."
  value       = aws_lb_target_group.web.arn
}

output "target_group_arn_suffix" {
  description = "Target group ARN suffix."
  value       = aws_lb_target_group.web.arn_suffix
}

output "https_listener_arn" {
  description = "HTTPS listener ARN (the web service depends on it)."
  value       = aws_lb_listener.https.arn
}

output "origin_record_fqdn" {
  description = "The latency record set name."
  value       = aws_route53_record.origin.fqdn
}
