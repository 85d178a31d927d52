# terraform init -backend-config=backend.hcl   (replace the account id in the bucket name)
bucket       = "dotshop-tfstate-us-east-1-123456789012"
key          = "dotshop/us-east-1.tfstate"
region       = "us-east-1"
encrypt      = true
use_lockfile = true
