variable "name" {
  description = "Name prefix, e.g. \"dotshop-us-east-1\"."
  type        = string
}

variable "region" {
  description = "AWS region (Alertmanager's SNS signing region)."
  type        = string
}

variable "rules_file" {
  description = "Prometheus rule file loaded as the \"dotshop\" rule group namespace. Null: the placeholder modules/observability/rules/dotshop.rules.yml, where the real alert rules will go."
  type        = string
  default     = null
}

variable "alert_emails" {
  description = "E-mail addresses subscribed to the alert topic (each must confirm the subscription)."
  type        = list(string)
  default     = []
}

variable "database_identifier" {
  description = "RDS instance watched by the CloudWatch alarms."
  type        = string
}

variable "database_is_replica" {
  description = "True when the database is the read replica: adds the ReplicaLag alarm."
  type        = bool
}

variable "alb_arn_suffix" {
  description = "ALB ARN suffix (CloudWatch dimension)."
  type        = string
}

variable "target_group_arn_suffix" {
  description = "Target group ARN suffix (CloudWatch dimension)."
  type        = string
}

variable "replica_lag_alarm_seconds" {
  description = "ReplicaLag above this for 5 minutes alarms (the shop's reads go stale; a failover would lose this much)."
  type        = number
  default     = 60
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
