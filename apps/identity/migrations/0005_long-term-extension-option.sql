-- 長期保管延長 is named LONG_TERM_EXTENSION (issue #26); companies that held LTV_EXTENSION keep the option under its new name.
ALTER TABLE "identity"."companies" DROP CONSTRAINT "companies_options_known";--> statement-breakpoint
UPDATE "identity"."companies" SET "options" = array_replace("options", 'LTV_EXTENSION', 'LONG_TERM_EXTENSION') WHERE 'LTV_EXTENSION' = ANY("options");--> statement-breakpoint
ALTER TABLE "identity"."companies" ADD CONSTRAINT "companies_options_known" CHECK ("identity"."companies"."options" <@ ARRAY['BULK_SIGN', 'MATTER', 'LONG_TERM_EXTENSION']::text[]);
