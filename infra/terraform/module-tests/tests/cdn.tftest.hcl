# modules/cdn: what is cached, what never is, media through OAC, the purge grant.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }

  mock_resource "aws_cloudfront_distribution" {
    defaults = {
      id  = "E2MOCKDIST"
      arn = "arn:aws:cloudfront::123456789012:distribution/E2MOCKDIST"
    }
  }

  mock_resource "aws_cloudfront_cache_policy" {
    defaults = { id = "catalog-mock" }
  }

  mock_resource "aws_cloudfront_origin_access_control" {
    defaults = { id = "oac-mock" }
  }
}

run "storefront_distribution" {
  command = plan

  module {
    source = "../modules/cdn"
  }

  variables {
    domain_name        = "shop.example.com"
    route53_zone_id    = "Z0123456789EXAMPLE"
    certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-0000000000cf"
    origin_domain_name = "origin.shop.example.com"
  }

  assert {
    condition = alltrue([
      for p in ["/cart*", "/checkout*", "/admin*", "/api*", "/webhooks*"] :
      length([
        for b in aws_cloudfront_distribution.this.ordered_cache_behavior : b
        if b.path_pattern == p && b.cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" && b.origin_request_policy_id == "b689b0a8-53d0-40ab-baf2-68738e2966ac"
      ]) == 1
    ])
    error_message = "/cart*, /checkout*, /admin*, /api* and /webhooks* must each have a behavior with CachingDisabled that forwards all cookies, query strings and headers (but Host)."
  }
  assert {
    condition = alltrue([
      for b in aws_cloudfront_distribution.this.ordered_cache_behavior :
      contains(["/build/*", "/media/*"], b.path_pattern) || b.cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    ])
    error_message = "Besides the catalog (default behavior), only /build/* and /media/* may be cached."
  }
  assert {
    condition = (
      aws_cloudfront_distribution.this.default_cache_behavior[0].cache_policy_id == "catalog-mock" &&
      aws_cloudfront_cache_policy.catalog.default_ttl == 0 && aws_cloudfront_cache_policy.catalog.min_ttl == 0 &&
      aws_cloudfront_cache_policy.catalog.parameters_in_cache_key_and_forwarded_to_origin[0].cookies_config[0].cookie_behavior == "whitelist" &&
      aws_cloudfront_cache_policy.catalog.parameters_in_cache_key_and_forwarded_to_origin[0].cookies_config[0].cookies[0].items == toset(["dotshop_region"])
    )
    error_message = "Catalog pages are cached only as the origin's Cache-Control says (default TTL 0), keyed on the dotshop_region cookie alone."
  }
  assert {
    condition     = [for o in aws_cloudfront_distribution.this.origin : o.domain_name if o.origin_id == "app"] == ["origin.shop.example.com"]
    error_message = "The app origin is the latency record set origin.<domain>."
  }
  assert {
    condition     = length([for o in aws_cloudfront_distribution.this.origin : o if o.origin_id == "media-s3" && o.origin_access_control_id == "oac-mock"]) == 1
    error_message = "The media bucket is read through Origin Access Control."
  }
  assert {
    condition     = aws_s3_bucket_public_access_block.media.block_public_acls && aws_s3_bucket_public_access_block.media.block_public_policy && aws_s3_bucket_public_access_block.media.restrict_public_buckets
    error_message = "The media bucket stays private."
  }
  assert {
    condition = (
      contains(data.aws_iam_policy_document.purge.statement[0].actions, "cloudfront:CreateInvalidation") &&
      data.aws_iam_policy_document.purge.statement[0].resources == toset(["arn:aws:cloudfront::123456789012:distribution/E2MOCKDIST"])
    )
    error_message = "The purge policy allows CreateInvalidation on this distribution only."
  }
  assert {
    condition     = aws_cloudfront_distribution.this.viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021" && aws_cloudfront_distribution.this.default_cache_behavior[0].viewer_protocol_policy == "redirect-to-https"
    error_message = "HTTPS only, TLS 1.2+."
  }
}
