# Inter-region VPC peering: the replica region's tasks write to the primary (and read it when
# their replica lags), so each region's app subnets must reach the other region's database
# subnets. One root (us-east-1) owns both sides: the request here, the acceptance and the return
# routes in the other region through the aws.peer provider. The other VPC and its route tables
# are found by their tags (Name = dotshop-<region>, Tier = app | database).

data "aws_caller_identity" "current" {}

data "aws_vpc" "peer" {
  provider = aws.peer

  tags = {
    Name = var.peer_vpc_name
  }
}

data "aws_route_tables" "peer" {
  provider = aws.peer
  vpc_id   = data.aws_vpc.peer.id

  filter {
    name   = "tag:Tier"
    values = ["app", "database"]
  }
}

resource "aws_vpc_peering_connection" "this" {
  vpc_id        = var.vpc_id
  peer_vpc_id   = data.aws_vpc.peer.id
  peer_region   = var.peer_region
  peer_owner_id = data.aws_caller_identity.current.account_id
  auto_accept   = false

  tags = merge(var.tags, { Name = var.name, Side = "requester" })
}

resource "aws_vpc_peering_connection_accepter" "peer" {
  provider = aws.peer

  vpc_peering_connection_id = aws_vpc_peering_connection.this.id
  auto_accept               = true

  tags = merge(var.tags, { Name = var.name, Side = "accepter" })
}

resource "aws_route" "to_peer" {
  for_each = var.route_table_ids

  route_table_id            = each.value
  destination_cidr_block    = var.peer_vpc_cidr
  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.peer.vpc_peering_connection_id
}

resource "aws_route" "from_peer" {
  provider = aws.peer
  count    = length(data.aws_route_tables.peer.ids)

  route_table_id            = data.aws_route_tables.peer.ids[count.index]
  destination_cidr_block    = var.vpc_cidr
  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.peer.vpc_peering_connection_id
}
