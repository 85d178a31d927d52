# Harness for the module tests in tests/: each run block plans one module from ../modules
# (run { module { source = ... } }) with a mocked AWS provider, so the module's own resources
# can be asserted on. Nothing here is ever applied.

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}
