CREATE SCHEMA IF NOT EXISTS "contract_long_term";
--> statement-breakpoint
CREATE TABLE "contract_long_term"."expiry_warnings" (
	"contract_id" uuid NOT NULL,
	"company_id" text NOT NULL,
	"proof_until" timestamp with time zone NOT NULL,
	"warned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "expiry_warnings_contract_id_company_id_proof_until_pk" PRIMARY KEY("contract_id","company_id","proof_until")
);
--> statement-breakpoint
CREATE TABLE "contract_long_term"."renewal_charges" (
	"contract_id" uuid NOT NULL,
	"generation" integer NOT NULL,
	"company_id" text NOT NULL,
	"document_number" text NOT NULL,
	"renewed_at" timestamp with time zone NOT NULL,
	"usage_month" text NOT NULL,
	CONSTRAINT "renewal_charges_contract_id_generation_company_id_pk" PRIMARY KEY("contract_id","generation","company_id")
);
--> statement-breakpoint
CREATE TABLE "contract_long_term"."renewal_states" (
	"contract_id" uuid PRIMARY KEY NOT NULL,
	"generation" integer NOT NULL,
	"state" text NOT NULL,
	"queued_at" timestamp with time zone NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"failure_code" text,
	"failure_ja" text,
	"failure_en" text,
	"retry_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "long_term_renewal_states_failed_has_reason" CHECK ("contract_long_term"."renewal_states"."state" <> 'FAILED' OR ("contract_long_term"."renewal_states"."failure_code" IS NOT NULL AND "contract_long_term"."renewal_states"."retry_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "contract_long_term"."renewals" (
	"contract_id" uuid NOT NULL,
	"generation" integer NOT NULL,
	"previous_sha256" text NOT NULL,
	"sha256" text NOT NULL,
	"proof_until" timestamp with time zone NOT NULL,
	"archive_timestamp_at" timestamp with time zone NOT NULL,
	"renewed_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "renewals_contract_id_generation_pk" PRIMARY KEY("contract_id","generation")
);
--> statement-breakpoint
CREATE INDEX "long_term_renewal_charges_company_month_idx" ON "contract_long_term"."renewal_charges" USING btree ("company_id","usage_month");--> statement-breakpoint
CREATE INDEX "long_term_renewal_states_state_idx" ON "contract_long_term"."renewal_states" USING btree ("state");--> statement-breakpoint
CREATE INDEX "long_term_renewals_recorded_idx" ON "contract_long_term"."renewals" USING btree ("recorded_at");