provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      Project   = "dotshop"
      Region    = "eu-west-1"
      ManagedBy = "terraform"
    }
  }
}

# The region of the primary database. Only read from (the replica's source, when that is not
# here); never used to create anything.
provider "aws" {
  alias  = "primary"
  region = var.primary_region
}
