CREATE SEQUENCE "identity"."company_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 999999 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "identity"."user_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 999999 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "identity"."companies" (
	"id" text PRIMARY KEY DEFAULT 'C' || lpad(nextval('identity.company_id_seq')::text, 6, '0') NOT NULL,
	"name" text NOT NULL,
	"plan" text NOT NULL,
	"options" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "companies_id_format" CHECK ("identity"."companies"."id" ~ '^C[0-9]{6}$'),
	CONSTRAINT "companies_plan_known" CHECK ("identity"."companies"."plan" IN ('ONE_SIDE', 'PARTNER_ONLY', 'BOTH')),
	CONSTRAINT "companies_options_known" CHECK ("identity"."companies"."options" <@ ARRAY['BULK_SIGN', 'MATTER', 'LTV_EXTENSION']::text[]),
	CONSTRAINT "companies_name_present" CHECK (length(btrim("identity"."companies"."name")) > 0)
);
--> statement-breakpoint
CREATE TABLE "identity"."users" (
	"id" text PRIMARY KEY DEFAULT 'U' || lpad(nextval('identity.user_id_seq')::text, 6, '0') NOT NULL,
	"company_id" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"department" text DEFAULT '' NOT NULL,
	"language" text DEFAULT 'ja' NOT NULL,
	"is_administrator" boolean DEFAULT false NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"bulk_sign" boolean DEFAULT false NOT NULL,
	"password_hash" text,
	"must_change_password" boolean DEFAULT true NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_id_format" CHECK ("identity"."users"."id" ~ '^U[0-9]{6}$'),
	CONSTRAINT "users_roles_known" CHECK ("identity"."users"."roles" <@ ARRAY['registrant', 'recipient', 'approver', 'signer']::text[]),
	CONSTRAINT "users_language_known" CHECK ("identity"."users"."language" IN ('ja', 'en')),
	CONSTRAINT "users_failed_logins_non_negative" CHECK ("identity"."users"."failed_logins" >= 0)
);
--> statement-breakpoint
ALTER TABLE "identity"."users" ADD CONSTRAINT "users_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "identity"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "users_company_idx" ON "identity"."users" USING btree ("company_id");