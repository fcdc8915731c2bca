CREATE SCHEMA IF NOT EXISTS "contract_ledger";
--> statement-breakpoint
CREATE TABLE "contract_ledger"."audit_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"document_number" text NOT NULL,
	"action" text NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_user_id" text,
	"actor_company_id" text,
	"sender_company_id" text NOT NULL,
	"receiver_company_id" text NOT NULL,
	"client_ip" text,
	"document_sha256" text,
	"details" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"previous_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_entries_seq_positive" CHECK ("contract_ledger"."audit_entries"."seq" > 0),
	CONSTRAINT "audit_entries_hash_hex" CHECK ("contract_ledger"."audit_entries"."hash" ~ '^[0-9a-f]{64}$' AND "contract_ledger"."audit_entries"."previous_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "contract_ledger"."billing_charges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"document_number" text NOT NULL,
	"company_id" text NOT NULL,
	"side" text NOT NULL,
	"plan" text NOT NULL,
	"counterparty_company_id" text NOT NULL,
	"concluded_at" timestamp with time zone NOT NULL,
	"usage_month" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_charges_once_per_company" UNIQUE("contract_id","company_id"),
	CONSTRAINT "billing_charges_month_format" CHECK ("contract_ledger"."billing_charges"."usage_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')
);
--> statement-breakpoint
CREATE TABLE "contract_ledger"."webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"company_id" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_once_per_event" UNIQUE("subscription_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "contract_ledger"."webhook_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" text NOT NULL,
	"url" text NOT NULL,
	"event_types" text[] NOT NULL,
	"description" text,
	"secret_ciphertext" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "contract_ledger"."webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_subscription_id_webhook_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "contract_ledger"."webhook_subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "audit_entries_contract_seq" ON "contract_ledger"."audit_entries" USING btree ("contract_id","seq");--> statement-breakpoint
CREATE INDEX "billing_charges_by_month" ON "contract_ledger"."billing_charges" USING btree ("company_id","usage_month");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due" ON "contract_ledger"."webhook_deliveries" USING btree ("next_attempt_at") WHERE "contract_ledger"."webhook_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_log" ON "contract_ledger"."webhook_deliveries" USING btree ("subscription_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_subscriptions_by_company" ON "contract_ledger"."webhook_subscriptions" USING btree ("company_id");