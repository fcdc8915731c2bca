CREATE SCHEMA IF NOT EXISTS "inkan_messaging";
--> statement-breakpoint
CREATE TABLE "inkan_messaging"."inflight" (
	"service" text NOT NULL,
	"message_id" text NOT NULL,
	"pattern" text NOT NULL,
	"instance" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"touched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inflight_pkey" PRIMARY KEY("service","message_id")
);
--> statement-breakpoint
CREATE INDEX "inflight_instance_idx" ON "inkan_messaging"."inflight" USING btree ("instance");
