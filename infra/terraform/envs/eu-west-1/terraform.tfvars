# eu-west-1 only (shared values: ../regions.tfvars).
# After the us-east-1 root has created the CDN, copy its output cdn_distribution_id here.
# cdn_distribution_id = "E2EXAMPLE123"
