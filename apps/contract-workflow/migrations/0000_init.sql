CREATE SCHEMA IF NOT EXISTS "contract_workflow";
--> statement-breakpoint
CREATE TABLE "contract_workflow"."inbox" (
	"message_id" text PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_workflow"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"actor" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE INDEX "outbox_unsent_idx" ON "contract_workflow"."outbox" USING btree ("seq") WHERE "contract_workflow"."outbox"."sent_at" IS NULL;