CREATE TABLE "signing"."bulk_documents" (
	"session_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"document_sha256" text NOT NULL,
	"state" text DEFAULT 'PENDING' NOT NULL,
	"signed_sha256" text,
	"failure_code" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bulk_documents_session_id_contract_id_pk" PRIMARY KEY("session_id","contract_id"),
	CONSTRAINT "bulk_documents_signed_has_hash" CHECK ("signing"."bulk_documents"."state" <> 'SIGNED' OR "signing"."bulk_documents"."signed_sha256" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "signing"."bulk_runs" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"company_id" text NOT NULL,
	"serial_number" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "signing"."bulk_documents" ADD CONSTRAINT "bulk_documents_session_id_bulk_runs_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "signing"."bulk_runs"("session_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing"."bulk_runs" ADD CONSTRAINT "bulk_runs_serial_number_certificates_serial_number_fk" FOREIGN KEY ("serial_number") REFERENCES "signing"."certificates"("serial_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bulk_documents_pending_idx" ON "signing"."bulk_documents" USING btree ("session_id") WHERE "signing"."bulk_documents"."state" = 'PENDING';