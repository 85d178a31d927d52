ALTER TYPE "public"."ledger_account" ADD VALUE 'dispute_fees';--> statement-breakpoint
ALTER TYPE "public"."ledger_kind" ADD VALUE 'dispute_fee';--> statement-breakpoint
ALTER TABLE "inventory" ADD COLUMN "available_triggered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "owner" uuid;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pending_inventory_updates" ADD COLUMN "triggered_at" timestamp with time zone;