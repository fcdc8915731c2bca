CREATE TABLE "signing"."certificate_holders" (
	"serial_number" text NOT NULL,
	"user_id" text NOT NULL,
	"company_id" text NOT NULL,
	"pin_hash" text NOT NULL,
	"failed_pins" integer DEFAULT 0 NOT NULL,
	"locked_at" timestamp with time zone,
	"activated_at" timestamp with time zone,
	"linked_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_holders_serial_number_user_id_pk" PRIMARY KEY("serial_number","user_id"),
	CONSTRAINT "certificate_holders_failed_pins_range" CHECK ("signing"."certificate_holders"."failed_pins" BETWEEN 0 AND 5)
);
--> statement-breakpoint
CREATE TABLE "signing"."certificates" (
	"serial_number" text PRIMARY KEY NOT NULL,
	"company_id" text NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"certificate_der" text NOT NULL,
	"private_key_wrapped" text NOT NULL,
	"key_algorithm" text NOT NULL,
	"fingerprint_sha256" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"issued_by" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revocation_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificates_serial_format" CHECK ("signing"."certificates"."serial_number" ~ '^[0-9A-F]{2,64}$'),
	CONSTRAINT "certificates_revoked_with_reason" CHECK (("signing"."certificates"."revoked_at" IS NULL) = ("signing"."certificates"."revocation_reason" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "signing"."platform_ca" (
	"id" text PRIMARY KEY DEFAULT 'platform' NOT NULL,
	"root_certificate" text NOT NULL,
	"root_key_wrapped" text,
	"issuing_certificate" text NOT NULL,
	"issuing_key_wrapped" text NOT NULL,
	"tsa_certificate" text NOT NULL,
	"tsa_key_wrapped" text NOT NULL,
	"tsa_policy" text NOT NULL,
	"crl_number" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "platform_ca_single_row" CHECK ("signing"."platform_ca"."id" = 'platform')
);
--> statement-breakpoint
CREATE TABLE "signing"."signatures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" text NOT NULL,
	"document_sha256" text NOT NULL,
	"signed_sha256" text NOT NULL,
	"serial_number" text NOT NULL,
	"user_id" text NOT NULL,
	"company_id" text NOT NULL,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing"."signing_passwords" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" text NOT NULL,
	"user_id" text NOT NULL,
	"company_id" text NOT NULL,
	"password_mac" text NOT NULL,
	"document_numbers" text[] NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "signing_passwords_failed_range" CHECK ("signing"."signing_passwords"."failed_attempts" BETWEEN 0 AND 5)
);
--> statement-breakpoint
ALTER TABLE "signing"."certificate_holders" ADD CONSTRAINT "certificate_holders_serial_number_certificates_serial_number_fk" FOREIGN KEY ("serial_number") REFERENCES "signing"."certificates"("serial_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing"."signatures" ADD CONSTRAINT "signatures_serial_number_certificates_serial_number_fk" FOREIGN KEY ("serial_number") REFERENCES "signing"."certificates"("serial_number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificate_holders_user_idx" ON "signing"."certificate_holders" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "certificates_company_idx" ON "signing"."certificates" USING btree ("company_id");--> statement-breakpoint
CREATE UNIQUE INDEX "signatures_once_per_request_document" ON "signing"."signatures" USING btree ("request_id","document_sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "signing_passwords_one_open" ON "signing"."signing_passwords" USING btree ("request_id","user_id") WHERE "signing"."signing_passwords"."used_at" IS NULL AND "signing"."signing_passwords"."voided_at" IS NULL;