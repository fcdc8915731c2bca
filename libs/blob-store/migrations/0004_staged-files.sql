CREATE TABLE "blob_store"."staged_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staged_files_sha256_hex" CHECK ("blob_store"."staged_files"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "staged_files_size_matches" CHECK ("blob_store"."staged_files"."size_bytes" = octet_length("blob_store"."staged_files"."content"))
);
--> statement-breakpoint
CREATE INDEX "staged_files_created_idx" ON "blob_store"."staged_files" USING btree ("created_at");--> statement-breakpoint
-- Uploads are mostly compressed streams already and live minutes: storing them
-- uncompressed saves the CPU of trying.
ALTER TABLE "blob_store"."staged_files" ALTER COLUMN "content" SET STORAGE EXTERNAL;
