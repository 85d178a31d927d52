# terraform init -backend-config=backend.hcl   (replace the account id in the bucket name)
bucket       = "dotshop-tfstate-eu-west-1-123456789012"
key          = "dotshop/eu-west-1.tfstate"
region       = "eu-west-1"
encrypt      = true
use_lockfile = true
