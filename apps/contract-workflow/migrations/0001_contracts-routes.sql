CREATE SEQUENCE "contract_workflow"."document_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9999999999 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "contract_workflow"."contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_number" text DEFAULT lpad(nextval('contract_workflow.document_number_seq')::text, 10, '0') NOT NULL,
	"name" text NOT NULL,
	"signature_mode" text NOT NULL,
	"status" text NOT NULL,
	"sender_company_id" text NOT NULL,
	"sender_company_name" text NOT NULL,
	"sender_plan" text NOT NULL,
	"sender_side" text NOT NULL,
	"registrant_user_id" text NOT NULL,
	"receiver_company_id" text NOT NULL,
	"receiver_company_name" text NOT NULL,
	"receiver_plan" text NOT NULL,
	"recipient_user_id" text NOT NULL,
	"transaction_date" date NOT NULL,
	"amount" bigint NOT NULL,
	"original_sha256" text NOT NULL,
	"current_sha256" text NOT NULL,
	"current_actor_user_id" text,
	"current_side" text,
	"current_position" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"concluded_at" timestamp with time zone,
	CONSTRAINT "contracts_document_number_unique" UNIQUE("document_number"),
	CONSTRAINT "contracts_document_number_format" CHECK ("contract_workflow"."contracts"."document_number" ~ '^[0-9]{10}$'),
	CONSTRAINT "contracts_status_known" CHECK ("contract_workflow"."contracts"."status" IN ('DRAFT', 'SENDER_APPROVAL', 'SENDER_SIGNATURE', 'AWAITING_RECEIPT', 'RECEIVER_APPROVAL', 'RECEIVER_SIGNATURE', 'CONCLUDED', 'RETURNED', 'DECLINED', 'WITHDRAWN')),
	CONSTRAINT "contracts_amount_non_negative" CHECK ("contract_workflow"."contracts"."amount" >= 0),
	CONSTRAINT "contracts_two_companies" CHECK ("contract_workflow"."contracts"."sender_company_id" <> "contract_workflow"."contracts"."receiver_company_id")
);
--> statement-breakpoint
CREATE TABLE "contract_workflow"."route_steps" (
	"contract_id" uuid NOT NULL,
	"side" text NOT NULL,
	"position" integer NOT NULL,
	"role" text NOT NULL,
	"user_id" text NOT NULL,
	"acted_at" timestamp with time zone,
	"action" text,
	CONSTRAINT "route_steps_contract_id_side_position_pk" PRIMARY KEY("contract_id","side","position")
);
--> statement-breakpoint
ALTER TABLE "contract_workflow"."route_steps" ADD CONSTRAINT "route_steps_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "contract_workflow"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contracts_sender_company_idx" ON "contract_workflow"."contracts" USING btree ("sender_company_id","updated_at");--> statement-breakpoint
CREATE INDEX "contracts_receiver_company_idx" ON "contract_workflow"."contracts" USING btree ("receiver_company_id","updated_at");--> statement-breakpoint
CREATE INDEX "contracts_current_actor_idx" ON "contract_workflow"."contracts" USING btree ("current_actor_user_id");--> statement-breakpoint
CREATE INDEX "route_steps_user_idx" ON "contract_workflow"."route_steps" USING btree ("user_id");