output "distribution_id" {
  description = "CloudFront distribution id: the app's CDN_DISTRIBUTION_ID (also set it in envs/eu-west-1/terraform.tfvars)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_arn" {
  description = "CloudFront distribution ARN."
  value       = aws_cloudfront_distribution.this.arn
}

output "distribution_domain_name" {
  description = "CloudFront domain name (*.cloudfront.net)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "purge_policy_arn" {
  description = "IAM policy allowing CreateInvalidation on the distribution (attached to both regions' worker task roles)."
  value       = aws_iam_policy.purge.arn
}

output "purge_policy_name" {
  description = "Name of the purge policy (the other region attaches it by this name)."
  value       = aws_iam_policy.purge.name
}

output "media_bucket" {
  description = "Media bucket name."
  value       = aws_s3_bucket.media.bucket
}
