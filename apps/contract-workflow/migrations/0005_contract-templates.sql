CREATE TABLE "contract_workflow"."contract_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" text NOT NULL,
	"name" text NOT NULL,
	"contract_name" text,
	"counterparty_company_id" text,
	"recipient_user_id" text,
	"sender_side" text,
	"signature_mode" text,
	"route" jsonb,
	"created_by" text NOT NULL,
	"updated_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contract_templates_company_name_unique" UNIQUE("company_id","name")
);
