CREATE SCHEMA IF NOT EXISTS "signing_long_term";
--> statement-breakpoint
CREATE TABLE "signing_long_term"."renewals" (
	"contract_id" uuid NOT NULL,
	"generation" integer NOT NULL,
	"previous_sha256" text NOT NULL,
	"sha256" text NOT NULL,
	"level" text NOT NULL,
	"archive_timestamp_at" timestamp with time zone NOT NULL,
	"proof_until" timestamp with time zone NOT NULL,
	"charged_company_ids" text[] NOT NULL,
	"renewed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "renewals_contract_id_generation_pk" PRIMARY KEY("contract_id","generation")
);
