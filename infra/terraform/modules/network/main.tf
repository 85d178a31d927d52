# One region's network: a /16 VPC over three AZs with public subnets (ALB, NAT), private app
# subnets (Fargate tasks, outbound through NAT) and isolated database subnets (no internet route),
# and the three security groups. The database group admits PostgreSQL only from the service
# group and, for cross-region writes over the VPC peering, from the other region's app subnets
# (security-group references do not work across an inter-region peering, so that rule is a CIDR).

locals {
  azs = [for s in var.az_suffixes : "${var.region}${s}"]

  # One subnet layout for both regions, so each side can compute the other's CIDRs.
  public_cidrs   = [for i in range(3) : cidrsubnet(var.vpc_cidr, 8, i)]       # x.x.0-2.0/24
  app_cidrs      = [for i in range(3) : cidrsubnet(var.vpc_cidr, 4, i + 1)]   # x.x.16/32/48.0/20
  database_cidrs = [for i in range(3) : cidrsubnet(var.vpc_cidr, 8, 240 + i)] # x.x.240-242.0/24

  peer_app_cidrs      = var.peer_vpc_cidr == null ? [] : [for i in range(3) : cidrsubnet(var.peer_vpc_cidr, 4, i + 1)]
  peer_database_cidrs = var.peer_vpc_cidr == null ? [] : [for i in range(3) : cidrsubnet(var.peer_vpc_cidr, 8, 240 + i)]
}

resource "aws_vpc" "this" {
  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(var.tags, { Name = var.name })
}

# No rules: nothing may use the default security group.
resource "aws_default_security_group" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${var.name}-default-unused" })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = var.name })
}

resource "aws_subnet" "public" {
  count = 3

  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = local.public_cidrs[count.index]

  tags = merge(var.tags, { Name = "${var.name}-public-${local.azs[count.index]}", Tier = "public" })
}

resource "aws_subnet" "app" {
  count = 3

  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = local.app_cidrs[count.index]

  tags = merge(var.tags, { Name = "${var.name}-app-${local.azs[count.index]}", Tier = "app" })
}

resource "aws_subnet" "database" {
  count = 3

  vpc_id            = aws_vpc.this.id
  availability_zone = local.azs[count.index]
  cidr_block        = local.database_cidrs[count.index]

  tags = merge(var.tags, { Name = "${var.name}-database-${local.azs[count.index]}", Tier = "database" })
}

resource "aws_eip" "nat" {
  count  = var.nat_gateway_count
  domain = "vpc"
  tags   = merge(var.tags, { Name = "${var.name}-nat-${local.azs[count.index]}" })
}

resource "aws_nat_gateway" "this" {
  count = var.nat_gateway_count

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id

  tags       = merge(var.tags, { Name = "${var.name}-${local.azs[count.index]}" })
  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${var.name}-public", Tier = "public" })
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  count          = 3
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public.id
}

# One route table per AZ so each app subnet uses the NAT in its own AZ when there are three.
resource "aws_route_table" "app" {
  count  = 3
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${var.name}-app-${local.azs[count.index]}", Tier = "app" })
}

resource "aws_route" "app_nat" {
  count                  = 3
  route_table_id         = aws_route_table.app[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[min(count.index, var.nat_gateway_count - 1)].id
}

resource "aws_route_table_association" "app" {
  count          = 3
  subnet_id      = aws_subnet.app[count.index].id
  route_table_id = aws_route_table.app[count.index].id
}

# Database subnets have no route to the internet (only the VPC and, once peered, the other VPC).
resource "aws_route_table" "database" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${var.name}-database", Tier = "database" })
}

resource "aws_route_table_association" "database" {
  count          = 3
  subnet_id      = aws_subnet.database[count.index].id
  route_table_id = aws_route_table.database.id
}

# ---------------------------------------------------------------------------------------------
# Security groups. Terraform removes AWS's default allow-all egress rule from groups it creates,
# so each group has only the rules below.

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "DotShop ALB: HTTPS and the HTTP redirect from the internet"
  vpc_id      = aws_vpc.this.id
  tags        = merge(var.tags, { Name = "${var.name}-alb" })
}

resource "aws_security_group" "service" {
  name        = "${var.name}-service"
  description = "DotShop web and worker tasks"
  vpc_id      = aws_vpc.this.id
  tags        = merge(var.tags, { Name = "${var.name}-service" })
}

resource "aws_security_group" "database" {
  name        = "${var.name}-database"
  description = "DotShop PostgreSQL: only from the service tasks"
  vpc_id      = aws_vpc.this.id
  tags        = merge(var.tags, { Name = "${var.name}-database" })
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  for_each = { https = 443, http = 80 }

  security_group_id = aws_security_group.alb.id
  description       = "${upper(each.key)} from the internet (CloudFront and direct)"
  ip_protocol       = "tcp"
  from_port         = each.value
  to_port           = each.value
  cidr_ipv4         = "0.0.0.0/0"
  tags              = var.tags
}

resource "aws_vpc_security_group_egress_rule" "alb_to_service" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the web tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = aws_security_group.service.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  security_group_id            = aws_security_group.service.id
  description                  = "From the ALB"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = aws_security_group.alb.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "service_https" {
  security_group_id = aws_security_group.service.id
  description       = "HTTPS out: Stripe, Shopify, ECR, Secrets Manager, CloudWatch, CloudFront API, AMP"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
  tags              = var.tags
}

resource "aws_vpc_security_group_egress_rule" "service_to_database" {
  security_group_id            = aws_security_group.service.id
  description                  = "PostgreSQL in this region"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.database.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_egress_rule" "service_to_peer_database" {
  for_each = toset(local.peer_database_cidrs)

  security_group_id = aws_security_group.service.id
  description       = "PostgreSQL in the other region (the primary, when it is there) over the VPC peering"
  ip_protocol       = "tcp"
  from_port         = var.database_port
  to_port           = var.database_port
  cidr_ipv4         = each.value
  tags              = var.tags
}

# The database admits PostgreSQL from the service group (this region) and from the other
# region's app subnets (its tasks write to this database while it is the primary).
resource "aws_vpc_security_group_ingress_rule" "database_from_service" {
  security_group_id            = aws_security_group.database.id
  description                  = "PostgreSQL from this region's tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.database_port
  to_port                      = var.database_port
  referenced_security_group_id = aws_security_group.service.id
  tags                         = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "database_from_peer_app" {
  for_each = toset(local.peer_app_cidrs)

  security_group_id = aws_security_group.database.id
  description       = "PostgreSQL from the other region's app subnets over the VPC peering"
  ip_protocol       = "tcp"
  from_port         = var.database_port
  to_port           = var.database_port
  cidr_ipv4         = each.value
  tags              = var.tags
}
