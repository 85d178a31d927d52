# us-east-1 only (shared values: ../regions.tfvars).
cloudfront_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-0000000000cf"
cdn_extra_aliases          = []
