# modules/service: secrets only through `secrets`, least-privilege roles, autoscaling.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }

  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }

  # The provider still validates policy JSON: give the mocked documents a valid one.
  mock_data "aws_iam_policy_document" {
    defaults = { json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}" }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/dotshop/us-east-1/mock" }
  }
}

variables {
  name                    = "dotshop-us-east-1"
  region                  = "us-east-1"
  image                   = "123456789012.dkr.ecr.us-east-1.amazonaws.com/dotshop:2026-12-04"
  subnet_ids              = ["subnet-a", "subnet-b", "subnet-c"]
  security_group_id       = "sg-service"
  target_group_arn        = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/dotshop-us-east-1-web/0123456789abcdef"
  alb_arn_suffix          = "app/dotshop-us-east-1/0123456789abcdef"
  target_group_arn_suffix = "targetgroup/dotshop-us-east-1-web/0123456789abcdef"
  environment             = { REGION = "us-east-1", PRIMARY_REGION = "us-east-1", DOTSHOP_MODE = "production" }
  secrets = {
    DATABASE_URL   = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dotshop/us-east-1/database-url/us-east-1-AaAaAa"
    SESSION_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dotshop/us-east-1/app-BbBbBb:SESSION_SECRET::"
  }
  secret_arns = [
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:dotshop/us-east-1/database-url/us-east-1-AaAaAa",
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:dotshop/us-east-1/app-BbBbBb",
  ]
  metrics_collector = {
    enabled          = true
    remote_write_url = "https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-mock/api/v1/remote_write"
    workspace_arn    = "arn:aws:aps:us-east-1:123456789012:workspace/ws-mock"
    token_value_from = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dotshop/us-east-1/app-BbBbBb:METRICS_TOKEN::"
  }
  worker_policy_arns = { cdn-purge = "arn:aws:iam::123456789012:policy/dotshop-cdn-purge" }
}

run "web_and_worker" {
  command = plan

  module {
    source = "../modules/service"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.web.container_definitions)[0].command == ["node", "build/node/web.js"] && jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].command == ["node", "build/node/worker.js"]
    error_message = "One image, two commands: node build/node/web.js / worker.js (infra/Dockerfile)."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.web.container_definitions)[0].image == jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].image
    error_message = "web and worker run the same image."
  }
  assert {
    condition = alltrue(flatten([
      for td in [aws_ecs_task_definition.web, aws_ecs_task_definition.worker] : [
        for c in jsondecode(td.container_definitions) : [
          for e in c.environment : length(regexall("SECRET|PASSWORD|TOKEN|^DATABASE_URL|_KEY$", e.name)) == 0
        ]
      ]
    ]))
    error_message = "No secret-looking name in any container's plain environment (the collector sidecar included)."
  }
  assert {
    condition     = [for s in jsondecode(aws_ecs_task_definition.worker.container_definitions)[0].secrets : s.name] == ["DATABASE_URL", "SESSION_SECRET"]
    error_message = "Secrets reach the containers as ECS secrets."
  }
  assert {
    condition     = toset(data.aws_iam_policy_document.execution.statement[3].resources) == toset(var.secret_arns) && data.aws_iam_policy_document.execution.statement[3].actions == toset(["secretsmanager:GetSecretValue"])
    error_message = "The execution role reads exactly the task's secrets."
  }
  assert {
    condition     = data.aws_iam_policy_document.execution.statement[1].resources == toset(["arn:aws:ecr:us-east-1:123456789012:repository/dotshop"])
    error_message = "The execution role pulls from the image's repository only."
  }
  assert {
    condition     = aws_iam_role_policy_attachment.worker["cdn-purge"].role == aws_iam_role.task["worker"].name && length(aws_iam_role_policy.web_metrics) == 1
    error_message = "Purge rights go to the worker's role; the web role may only remote-write metrics."
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.web.container_definitions)[0].portMappings[0].containerPort == 3000 && [for lb in aws_ecs_service.web.load_balancer : lb.container_port] == [3000]
    error_message = "The web container serves port 3000 behind the target group."
  }
  assert {
    condition     = aws_appautoscaling_policy.web_requests.target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ALBRequestCountPerTarget" && aws_appautoscaling_policy.cpu["web"].target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageCPUUtilization"
    error_message = "web scales on CPU and on ALB requests per target."
  }
  assert {
    condition     = !aws_ecs_service.web.network_configuration[0].assign_public_ip && !aws_ecs_service.worker.network_configuration[0].assign_public_ip
    error_message = "Tasks run without public IPs."
  }
}

run "secret_in_environment_is_rejected" {
  command = plan

  module {
    source = "../modules/service"
  }

  variables {
    environment = { REGION = "us-east-1", STRIPE_SECRET_KEY = "sk_live_leaked" }
  }

  expect_failures = [var.environment]
}
