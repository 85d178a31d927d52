# modules/alb and modules/observability.

mock_provider "aws" {
  override_during = plan

  mock_resource "aws_prometheus_workspace" {
    defaults = { id = "ws-mock" }
  }

  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:eu-west-1:123456789012:dotshop-eu-west-1-alerts" }
  }
}

run "alb" {
  command = plan

  module {
    source = "../modules/alb"
  }

  variables {
    name               = "dotshop-eu-west-1"
    region             = "eu-west-1"
    vpc_id             = "vpc-mock"
    public_subnet_ids  = ["subnet-a", "subnet-b", "subnet-c"]
    security_group_id  = "sg-alb"
    certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000002"
    route53_zone_id    = "Z0123456789EXAMPLE"
    origin_record_name = "origin.shop.example.com"
  }

  assert {
    condition     = aws_lb_target_group.web.health_check[0].path == "/readyz" && aws_lb_target_group.web.port == 3000
    error_message = "The target group checks /readyz on port 3000."
  }
  assert {
    condition     = aws_lb_listener.https.protocol == "HTTPS" && aws_lb_listener.https.certificate_arn == var.certificate_arn
    error_message = "HTTPS listener with the ACM certificate."
  }
  assert {
    condition     = aws_lb_listener.http_redirect.default_action[0].type == "redirect" && aws_lb_listener.http_redirect.default_action[0].redirect[0].protocol == "HTTPS" && aws_lb_listener.http_redirect.default_action[0].redirect[0].status_code == "HTTP_301"
    error_message = "Port 80 only redirects to HTTPS."
  }
  assert {
    condition     = aws_route53_record.origin.name == "origin.shop.example.com" && aws_route53_record.origin.set_identifier == "eu-west-1" && aws_route53_record.origin.latency_routing_policy[0].region == "eu-west-1" && aws_route53_record.origin.alias[0].evaluate_target_health
    error_message = "The region's ALB is the eu-west-1 member of the latency record set origin.<domain>."
  }
}

run "observability_on_a_replica" {
  command = plan

  module {
    source = "../modules/observability"
  }

  variables {
    name                    = "dotshop-eu-west-1"
    region                  = "eu-west-1"
    database_identifier     = "dotshop-eu-west-1"
    database_is_replica     = true
    alb_arn_suffix          = "app/dotshop-eu-west-1/0123456789abcdef"
    target_group_arn_suffix = "targetgroup/dotshop-eu-west-1-web/0123456789abcdef"
  }

  assert {
    condition     = aws_prometheus_rule_group_namespace.dotshop.data == file("../modules/observability/rules/dotshop.rules.yml") && strcontains(aws_prometheus_rule_group_namespace.dotshop.data, "PLACEHOLDER")
    error_message = "Without rules_file, the placeholder rule file is loaded."
  }
  assert {
    condition     = contains(keys(aws_cloudwatch_metric_alarm.this), "database-replica-lag")
    error_message = "A replica region alarms on replica lag."
  }
  assert {
    condition     = strcontains(aws_prometheus_alert_manager_definition.this.definition, "sns_configs") && strcontains(aws_prometheus_alert_manager_definition.this.definition, "arn:aws:sns:eu-west-1:123456789012:dotshop-eu-west-1-alerts")
    error_message = "Alertmanager notifies the region's SNS topic."
  }
}
