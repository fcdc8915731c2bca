CREATE TABLE "notification"."deliveries" (
	"message_id" text PRIMARY KEY NOT NULL,
	"template" text NOT NULL,
	"language" text NOT NULL,
	"recipient_email" text NOT NULL,
	"recipient_name" text NOT NULL,
	"recipient_user_id" text,
	"recipient_company_id" text,
	"params" jsonb NOT NULL,
	"sealed_secret" text,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_response" text,
	"smtp_message_id" text NOT NULL,
	"requested_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	CONSTRAINT "deliveries_status_known" CHECK ("notification"."deliveries"."status" IN ('queued', 'retrying', 'sent', 'failed')),
	CONSTRAINT "deliveries_language_known" CHECK ("notification"."deliveries"."language" IN ('ja', 'en')),
	CONSTRAINT "deliveries_attempts_non_negative" CHECK ("notification"."deliveries"."attempts" >= 0),
	CONSTRAINT "deliveries_secret_erased_when_finished" CHECK ("notification"."deliveries"."status" IN ('queued', 'retrying') OR "notification"."deliveries"."sealed_secret" IS NULL)
);
--> statement-breakpoint
CREATE INDEX "deliveries_company_created_idx" ON "notification"."deliveries" USING btree ("recipient_company_id","created_at");--> statement-breakpoint
-- Requests accepted before delivery existed were never mailed; deliveries replaces them.
DROP TABLE "notification"."mail_requests" CASCADE;