CREATE SEQUENCE "identity"."operator_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 999999 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "identity"."api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" text NOT NULL,
	"name" text NOT NULL,
	"scopes" text[] NOT NULL,
	"token_hash" text NOT NULL,
	"display_prefix" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "api_tokens_scopes_known" CHECK ("identity"."api_tokens"."scopes" <@ ARRAY['users:read', 'users:write', 'mail-deliveries:read']::text[] AND cardinality("identity"."api_tokens"."scopes") > 0),
	CONSTRAINT "api_tokens_hash_format" CHECK ("identity"."api_tokens"."token_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "identity"."invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inviting_company_id" text NOT NULL,
	"invited_by" text NOT NULL,
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_company_id" text,
	CONSTRAINT "invitations_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "invitations_accepted_together" CHECK (("identity"."invitations"."accepted_at" IS NULL) = ("identity"."invitations"."accepted_company_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "identity"."operators" (
	"id" text PRIMARY KEY DEFAULT 'P' || lpad(nextval('identity.operator_id_seq')::text, 6, '0') NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"language" text DEFAULT 'ja' NOT NULL,
	"password_hash" text,
	"must_change_password" boolean DEFAULT true NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_at" timestamp with time zone,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "operators_id_format" CHECK ("identity"."operators"."id" ~ '^P[0-9]{6}$'),
	CONSTRAINT "operators_failed_logins_non_negative" CHECK ("identity"."operators"."failed_logins" >= 0)
);
--> statement-breakpoint
CREATE TABLE "identity"."sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"subject_id" text NOT NULL,
	"company_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"ip" text DEFAULT '' NOT NULL,
	"user_agent" text DEFAULT '' NOT NULL,
	CONSTRAINT "sessions_token_hash_format" CHECK ("identity"."sessions"."token_hash" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "sessions_subject_format" CHECK ("identity"."sessions"."subject_id" ~ '^[UP][0-9]{6}$')
);
--> statement-breakpoint
ALTER TABLE "identity"."api_tokens" ADD CONSTRAINT "api_tokens_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "identity"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."invitations" ADD CONSTRAINT "invitations_inviting_company_id_companies_id_fk" FOREIGN KEY ("inviting_company_id") REFERENCES "identity"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."invitations" ADD CONSTRAINT "invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "identity"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."invitations" ADD CONSTRAINT "invitations_accepted_company_id_companies_id_fk" FOREIGN KEY ("accepted_company_id") REFERENCES "identity"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity"."sessions" ADD CONSTRAINT "sessions_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "identity"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_company_idx" ON "identity"."api_tokens" USING btree ("company_id");--> statement-breakpoint
CREATE INDEX "invitations_company_idx" ON "identity"."invitations" USING btree ("inviting_company_id");--> statement-breakpoint
CREATE INDEX "sessions_subject_open_idx" ON "identity"."sessions" USING btree ("subject_id") WHERE "identity"."sessions"."ended_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "users_one_administrator_per_company" ON "identity"."users" USING btree ("company_id") WHERE "identity"."users"."is_administrator";