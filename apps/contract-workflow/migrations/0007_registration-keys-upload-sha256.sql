CREATE TABLE "contract_workflow"."registration_keys" (
	"company_id" text NOT NULL,
	"user_id" text NOT NULL,
	"key" text NOT NULL,
	"fingerprint" text NOT NULL,
	"contract_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registration_keys_company_id_user_id_key_pk" PRIMARY KEY("company_id","user_id","key")
);
--> statement-breakpoint
ALTER TABLE "contract_workflow"."contracts" ADD COLUMN "upload_sha256" text;--> statement-breakpoint
ALTER TABLE "contract_workflow"."registration_keys" ADD CONSTRAINT "registration_keys_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "contract_workflow"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "registration_keys_created_idx" ON "contract_workflow"."registration_keys" USING btree ("created_at");