output "peering_connection_id" {
  description = "VPC peering connection id."
  value       = aws_vpc_peering_connection.this.id
}

output "peer_vpc_id" {
  description = "The other region's VPC id."
  value       = data.aws_vpc.peer.id
}
