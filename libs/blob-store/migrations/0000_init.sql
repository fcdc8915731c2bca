CREATE SCHEMA IF NOT EXISTS "blob_store";
--> statement-breakpoint
CREATE TABLE "blob_store"."blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size_bytes" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "blobs_sha256_hex" CHECK ("blob_store"."blobs"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "blobs_size_matches" CHECK ("blob_store"."blobs"."size_bytes" = octet_length("blob_store"."blobs"."content"))
);
