CREATE TABLE "pending_inventory_updates" (
	"inventory_item_id" text NOT NULL,
	"location_id" text DEFAULT '' NOT NULL,
	"available" integer NOT NULL,
	"shopify_updated_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pending_inventory_updates_inventory_item_id_location_id_pk" PRIMARY KEY("inventory_item_id","location_id")
);
--> statement-breakpoint
CREATE TABLE "sync_cursors" (
	"name" varchar(64) PRIMARY KEY NOT NULL,
	"cursor" text,
	"processed" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sync_lag_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"direction" varchar(8) NOT NULL,
	"topic" varchar(64) NOT NULL,
	"ref" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone,
	"purged_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "variants" ADD COLUMN "shopify_inventory_item_id" text;--> statement-breakpoint
ALTER TABLE "shopify_order_pushes" ADD COLUMN "shopify_order_id" text;--> statement-breakpoint
ALTER TABLE "shopify_order_pushes" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "shopify_order_pushes" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "sync_lag_samples_direction_started_idx" ON "sync_lag_samples" USING btree ("direction","started_at");--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_shopify_inventory_item_id_unique" UNIQUE("shopify_inventory_item_id");