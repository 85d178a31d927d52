# One region's public entry: an ALB with an HTTPS listener (ACM certificate), an HTTP listener
# that only redirects to HTTPS, the web target group (health check on /readyz), and this region's
# record in the latency record set origin.<domain> that CloudFront uses as its origin. Each
# region's root owns its own record, so adding or losing a region never needs the other root.

resource "aws_lb" "this" {
  name               = var.name
  internal           = false
  load_balancer_type = "application"
  security_groups    = [var.security_group_id]
  subnets            = var.public_subnet_ids

  drop_invalid_header_fields = true
  desync_mitigation_mode     = "defensive"
  enable_http2               = true
  idle_timeout               = 60
  enable_deletion_protection = var.deletion_protection

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_lb_target_group" "web" {
  name                 = "${var.name}-web"
  port                 = var.target_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  health_check {
    path                = var.health_check_path
    protocol            = "HTTP"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = merge(var.tags, { Name = "${var.name}-web" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }

  tags = var.tags
}

resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }

  tags = var.tags
}

# This region's member of the latency record set. evaluate_target_health drops the region from
# answers while its targets are unhealthy.
resource "aws_route53_record" "origin" {
  zone_id        = var.route53_zone_id
  name           = var.origin_record_name
  type           = "A"
  set_identifier = var.region

  latency_routing_policy {
    region = var.region
  }

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}

# This region's own name (`<region>.<origin record>`): where the other region's web tier forwards
# its writes when this region holds the primary (the containers' REGION_URLS, ADR 024). The ALB's
# certificate must cover it (e.g. *.origin.dotshop.example).
resource "aws_route53_record" "regional" {
  zone_id = var.route53_zone_id
  name    = "${var.region}.${var.origin_record_name}"
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = false
  }
}
