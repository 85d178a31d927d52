# The CDN: one CloudFront distribution in front of both regions.
#
# - Origin "app" is origin.<domain>, a Route 53 latency record set with one record per region
#   (each region's ALB module adds its own), so every edge reaches the nearest healthy region.
# - Catalog pages (the default behavior) are cached as the origin's Cache-Control says
#   (s-maxage + stale-while-revalidate; default TTL 0 = nothing cached without it), keyed on the
#   path, the query string and the dotshop_region cookie only.
# - Personal pages, writes and webhooks (/cart*, /checkout*, /admin*, /api*, /webhooks*, ...)
#   use the managed CachingDisabled policy and forward every cookie, header (but Host) and
#   query string via the managed AllViewerExceptHostHeader origin request policy.
# - /media/* comes from a private S3 bucket through Origin Access Control, falling back to the
#   app (which serves /media/art/... today) when the object is not in the bucket.
# - The purge job gets an IAM policy allowing CreateInvalidation on this distribution only.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  aliases       = concat([var.domain_name], var.extra_aliases)
  media_bucket  = coalesce(var.media_bucket_name, "${var.name}-media-${data.aws_caller_identity.current.account_id}")
  app_origin_id = "app"
  s3_origin_id  = "media-s3"
  media_group   = "media"
}

resource "aws_cloudfront_cache_policy" "catalog" {
  name    = "${var.name}-catalog"
  comment = "Catalog pages: origin Cache-Control decides; key = path + query + ${var.region_cookie_name} cookie"

  min_ttl     = 0
  default_ttl = 0
  max_ttl     = var.catalog_max_ttl_seconds

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "whitelist"
      cookies {
        items = [var.region_cookie_name]
      }
    }

    headers_config {
      header_behavior = "none"
    }

    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

# ---------------------------------------------------------------------------------------------
# Media bucket (private; CloudFront reads it through OAC)

resource "aws_s3_bucket" "media" {
  bucket = local.media_bucket
  tags   = merge(var.tags, { Name = local.media_bucket })
}

resource "aws_s3_bucket_public_access_block" "media" {
  bucket                  = aws_s3_bucket.media.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "media" {
  bucket = aws_s3_bucket.media.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "media" {
  bucket = aws_s3_bucket.media.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "media" {
  bucket = aws_s3_bucket.media.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_cloudfront_origin_access_control" "media" {
  name                              = "${var.name}-media"
  description                       = "CloudFront reads ${local.media_bucket}"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

data "aws_iam_policy_document" "media" {
  statement {
    sid       = "CloudFrontReadsMedia"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.media.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.this.arn]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.media.arn, "${aws_s3_bucket.media.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "media" {
  bucket     = aws_s3_bucket.media.id
  policy     = data.aws_iam_policy_document.media.json
  depends_on = [aws_s3_bucket_public_access_block.media]
}

# ---------------------------------------------------------------------------------------------
# Distribution

resource "aws_cloudfront_distribution" "this" {
  enabled         = true
  comment         = "DotShop storefront (both regions)"
  aliases         = local.aliases
  price_class     = var.price_class
  http_version    = "http2and3"
  is_ipv6_enabled = true
  web_acl_id      = var.web_acl_arn

  origin {
    origin_id   = local.app_origin_id
    domain_name = var.origin_domain_name

    custom_origin_config {
      http_port                = 80
      https_port               = 443
      origin_protocol_policy   = "https-only"
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = 30
      origin_keepalive_timeout = 5
    }
  }

  origin {
    origin_id                = local.s3_origin_id
    domain_name              = aws_s3_bucket.media.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.media.id
  }

  origin_group {
    origin_id = local.media_group

    failover_criteria {
      status_codes = [403, 404, 500, 502, 503, 504]
    }

    member {
      origin_id = local.s3_origin_id
    }

    member {
      origin_id = local.app_origin_id
    }
  }

  # Catalog pages: cached per the origin's Cache-Control, keyed on the market cookie.
  default_cache_behavior {
    target_origin_id       = local.app_origin_id
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = aws_cloudfront_cache_policy.catalog.id
    compress               = true
  }

  # Fingerprinted build assets (the origin sends immutable, max-age one year).
  ordered_cache_behavior {
    path_pattern           = "/build/*"
    target_origin_id       = local.app_origin_id
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = var.managed_policy_ids.caching_optimized
    compress               = true
  }

  ordered_cache_behavior {
    path_pattern           = "/media/*"
    target_origin_id       = local.media_group
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = var.managed_policy_ids.caching_optimized
    compress               = true
  }

  # Never cached: every request reaches the origin with all cookies, headers and query strings.
  dynamic "ordered_cache_behavior" {
    for_each = var.no_cache_path_patterns
    content {
      path_pattern             = ordered_cache_behavior.value
      target_origin_id         = local.app_origin_id
      viewer_protocol_policy   = "redirect-to-https"
      allowed_methods          = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
      cached_methods           = ["GET", "HEAD"]
      cache_policy_id          = var.managed_policy_ids.caching_disabled
      origin_request_policy_id = var.managed_policy_ids.all_viewer_except_host_header
      compress                 = true
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = var.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  tags = merge(var.tags, { Name = "${var.name}-storefront" })
}

resource "aws_route53_record" "alias" {
  for_each = { for pair in setproduct(local.aliases, ["A", "AAAA"]) : "${pair[0]}-${pair[1]}" => pair }

  zone_id = var.route53_zone_id
  name    = each.value[0]
  type    = each.value[1]

  alias {
    name                   = aws_cloudfront_distribution.this.domain_name
    zone_id                = aws_cloudfront_distribution.this.hosted_zone_id
    evaluate_target_health = false
  }
}

# ---------------------------------------------------------------------------------------------
# The purge job (the worker) may invalidate this distribution and nothing else.

data "aws_iam_policy_document" "purge" {
  statement {
    sid       = "InvalidateStorefront"
    actions   = ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation", "cloudfront:ListInvalidations"]
    resources = [aws_cloudfront_distribution.this.arn]
  }
}

resource "aws_iam_policy" "purge" {
  name        = "${var.name}-cdn-purge"
  description = "CreateInvalidation on the DotShop storefront distribution (the purge job)"
  policy      = data.aws_iam_policy_document.purge.json
  tags        = var.tags
}
