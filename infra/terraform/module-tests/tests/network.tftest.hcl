# modules/network: subnets, NAT, and above all the security groups around the database.

mock_provider "aws" {
  override_during = plan

}

run "database_reachable_only_from_the_service" {
  command = plan

  module {
    source = "../modules/network"
  }

  # Distinct, known security group ids (the mock leaves them unknown during plan).
  override_resource {
    target          = aws_security_group.alb
    override_during = plan
    values          = { id = "sg-alb" }
  }

  override_resource {
    target          = aws_security_group.service
    override_during = plan
    values          = { id = "sg-service" }
  }

  override_resource {
    target          = aws_security_group.database
    override_during = plan
    values          = { id = "sg-database" }
  }

  variables {
    name          = "dotshop-us-east-1"
    region        = "us-east-1"
    vpc_cidr      = "10.10.0.0/16"
    peer_vpc_cidr = "10.20.0.0/16"
  }

  assert {
    condition = alltrue([
      for r in concat(
        values(aws_vpc_security_group_ingress_rule.alb),
        values(aws_vpc_security_group_ingress_rule.database_from_peer_app),
        [aws_vpc_security_group_ingress_rule.service_from_alb, aws_vpc_security_group_ingress_rule.database_from_service],
      ) : !(coalesce(r.cidr_ipv4, "none") == "0.0.0.0/0" && r.from_port <= 5432 && r.to_port >= 5432)
    ])
    error_message = "No security group rule may open 5432 to 0.0.0.0/0."
  }
  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.database_from_service.security_group_id == "sg-database" &&
      aws_vpc_security_group_ingress_rule.database_from_service.referenced_security_group_id == "sg-service" &&
      aws_vpc_security_group_ingress_rule.database_from_service.cidr_ipv4 == null &&
      aws_vpc_security_group_ingress_rule.database_from_service.from_port == 5432
    )
    error_message = "The database security group must admit this region's tasks by the service security group."
  }
  assert {
    condition = length(aws_vpc_security_group_ingress_rule.database_from_peer_app) == 3 && alltrue([
      for r in values(aws_vpc_security_group_ingress_rule.database_from_peer_app) :
      r.security_group_id == "sg-database" && contains(["10.20.16.0/20", "10.20.32.0/20", "10.20.48.0/20"], r.cidr_ipv4) && r.from_port == 5432 && r.to_port == 5432
    ])
    error_message = "The only other database ingress is 5432 from the other region's three app subnets (over the peering)."
  }
  assert {
    condition = alltrue([
      for r in concat(values(aws_vpc_security_group_ingress_rule.alb), [aws_vpc_security_group_ingress_rule.service_from_alb]) :
      r.security_group_id != "sg-database"
    ])
    error_message = "No other ingress rule may target the database security group."
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.service_from_alb.referenced_security_group_id == "sg-alb" && aws_vpc_security_group_ingress_rule.service_from_alb.from_port == 3000
    error_message = "The tasks accept only the ALB, on the app port."
  }
  assert {
    condition     = length(aws_subnet.app) == 3 && length(aws_subnet.database) == 3 && length(aws_subnet.public) == 3
    error_message = "Public, app and database subnets in three AZs."
  }
  assert {
    condition     = [for s in aws_subnet.database : s.availability_zone] == ["us-east-1a", "us-east-1b", "us-east-1c"]
    error_message = "Subnets span us-east-1a, b and c."
  }
  assert {
    condition     = length(aws_nat_gateway.this) == 1
    error_message = "One NAT gateway by default."
  }
}
