# Shared by both region roots (their versions.tf are symlinks to this file).
terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # State lives in this region's own bucket, so the other region can be planned and applied
  # (failover) while this one is down: terraform init -backend-config=backend.hcl
  backend "s3" {}
}
