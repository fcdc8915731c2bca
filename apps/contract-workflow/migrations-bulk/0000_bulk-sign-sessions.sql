CREATE SCHEMA IF NOT EXISTS "contract_bulk";
--> statement-breakpoint
CREATE TABLE "contract_bulk"."items" (
	"session_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"state" text DEFAULT 'PENDING' NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"failure_code" text,
	"failure_ja" text,
	"failure_en" text,
	"finished_at" timestamp with time zone,
	CONSTRAINT "items_session_id_contract_id_pk" PRIMARY KEY("session_id","contract_id"),
	CONSTRAINT "bulk_items_active_pending" CHECK (NOT "contract_bulk"."items"."active" OR "contract_bulk"."items"."state" = 'PENDING')
);
--> statement-breakpoint
CREATE TABLE "contract_bulk"."sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" text NOT NULL,
	"user_id" text NOT NULL,
	"status" text DEFAULT 'SELECTED' NOT NULL,
	"total" integer NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"client_ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"executed_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "bulk_sessions_counts" CHECK ("contract_bulk"."sessions"."done" >= 0 AND "contract_bulk"."sessions"."failed" >= 0 AND "contract_bulk"."sessions"."done" + "contract_bulk"."sessions"."failed" <= "contract_bulk"."sessions"."total")
);
--> statement-breakpoint
ALTER TABLE "contract_bulk"."items" ADD CONSTRAINT "items_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "contract_bulk"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bulk_items_one_active_session" ON "contract_bulk"."items" USING btree ("contract_id") WHERE "contract_bulk"."items"."active";--> statement-breakpoint
CREATE INDEX "bulk_sessions_user_idx" ON "contract_bulk"."sessions" USING btree ("user_id","created_at");