CREATE TABLE "identity"."notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" text,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"importance" text DEFAULT 'NORMAL' NOT NULL,
	"publish_from" timestamp with time zone,
	"publish_until" timestamp with time zone,
	"created_by" text NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" text,
	CONSTRAINT "notices_title_length" CHECK (length(btrim("identity"."notices"."title")) BETWEEN 1 AND 100),
	CONSTRAINT "notices_body_length" CHECK (length(btrim("identity"."notices"."body")) BETWEEN 1 AND 4000),
	CONSTRAINT "notices_importance_known" CHECK ("identity"."notices"."importance" IN ('NORMAL', 'IMPORTANT')),
	CONSTRAINT "notices_window_ordered" CHECK ("identity"."notices"."publish_from" IS NULL OR "identity"."notices"."publish_until" IS NULL OR "identity"."notices"."publish_from" < "identity"."notices"."publish_until"),
	CONSTRAINT "notices_author_matches_scope" CHECK (("identity"."notices"."company_id" IS NULL AND "identity"."notices"."created_by" ~ '^P[0-9]{6}$' AND "identity"."notices"."updated_by" ~ '^P[0-9]{6}$') OR ("identity"."notices"."company_id" IS NOT NULL AND "identity"."notices"."created_by" ~ '^U[0-9]{6}$' AND "identity"."notices"."updated_by" ~ '^U[0-9]{6}$')),
	CONSTRAINT "notices_withdrawn_together" CHECK (("identity"."notices"."withdrawn_at" IS NULL) = ("identity"."notices"."withdrawn_by" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "identity"."notices" ADD CONSTRAINT "notices_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "identity"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notices_live_idx" ON "identity"."notices" USING btree ("company_id","publish_from") WHERE "identity"."notices"."withdrawn_at" IS NULL;