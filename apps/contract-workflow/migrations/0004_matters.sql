CREATE TABLE "contract_workflow"."matters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" text NOT NULL,
	"name" text NOT NULL,
	"code" text,
	"description" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matters_company_code_unique" UNIQUE("company_id","code"),
	CONSTRAINT "matters_id_company_unique" UNIQUE("id","company_id")
);
--> statement-breakpoint
ALTER TABLE "contract_workflow"."contracts" ADD COLUMN "sender_matter_id" uuid;--> statement-breakpoint
ALTER TABLE "contract_workflow"."contracts" ADD COLUMN "receiver_matter_id" uuid;--> statement-breakpoint
CREATE INDEX "matters_company_idx" ON "contract_workflow"."matters" USING btree ("company_id","name");--> statement-breakpoint
ALTER TABLE "contract_workflow"."contracts" ADD CONSTRAINT "contracts_sender_matter_fk" FOREIGN KEY ("sender_matter_id","sender_company_id") REFERENCES "contract_workflow"."matters"("id","company_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_workflow"."contracts" ADD CONSTRAINT "contracts_receiver_matter_fk" FOREIGN KEY ("receiver_matter_id","receiver_company_id") REFERENCES "contract_workflow"."matters"("id","company_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contracts_sender_matter_idx" ON "contract_workflow"."contracts" USING btree ("sender_matter_id") WHERE "contract_workflow"."contracts"."sender_matter_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "contracts_receiver_matter_idx" ON "contract_workflow"."contracts" USING btree ("receiver_matter_id") WHERE "contract_workflow"."contracts"."receiver_matter_id" IS NOT NULL;