CREATE TABLE "contract_workflow"."archive_records" (
	"contract_id" uuid PRIMARY KEY NOT NULL,
	"pdf_sha256" text NOT NULL,
	"level" text NOT NULL,
	"archive_timestamp_at" timestamp with time zone,
	"proof_until" timestamp with time zone,
	"generation" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "archive_records_generation_range" CHECK ("contract_workflow"."archive_records"."generation" >= 0),
	CONSTRAINT "archive_records_lta_has_times" CHECK ("contract_workflow"."archive_records"."level" <> 'B-LTA' OR ("contract_workflow"."archive_records"."archive_timestamp_at" IS NOT NULL AND "contract_workflow"."archive_records"."proof_until" IS NOT NULL))
);
--> statement-breakpoint
ALTER TABLE "contract_workflow"."archive_records" ADD CONSTRAINT "archive_records_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "contract_workflow"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "archive_records_proof_until_idx" ON "contract_workflow"."archive_records" USING btree ("proof_until");