CREATE TABLE "inventory_drift_passes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"trigger" varchar(16) NOT NULL,
	"status" varchar(16) DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"skus_compared" integer DEFAULT 0 NOT NULL,
	"drifting" integer DEFAULT 0 NOT NULL,
	"pages" integer DEFAULT 0 NOT NULL,
	"throttle_waits" integer DEFAULT 0 NOT NULL,
	"throttle_waited_ms" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "inventory_drift_skus" (
	"shopify_variant_id" text PRIMARY KEY NOT NULL,
	"sku" text NOT NULL,
	"dotshop_available" integer,
	"shopify_available" integer,
	"first_seen_at" timestamp with time zone NOT NULL,
	"first_pass_id" bigint NOT NULL,
	"last_pass_id" bigint NOT NULL,
	"passes" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inventory_drift_passes_finished_idx" ON "inventory_drift_passes" USING btree ("finished_at");