-- The audit trail is append-only: an entry, once written, can never be
-- changed or removed, whatever code or person holds a connection. The hash
-- chain then shows any change made by someone who disabled this on purpose.
CREATE FUNCTION "contract_ledger"."refuse_ledger_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'contract_ledger.% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_entries_append_only" BEFORE UPDATE OR DELETE ON "contract_ledger"."audit_entries"
  FOR EACH ROW EXECUTE FUNCTION "contract_ledger"."refuse_ledger_change"();
--> statement-breakpoint
CREATE TRIGGER "audit_entries_no_truncate" BEFORE TRUNCATE ON "contract_ledger"."audit_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION "contract_ledger"."refuse_ledger_change"();
--> statement-breakpoint
-- Billing rows are facts of a concluded contract: never changed once written either.
CREATE TRIGGER "billing_charges_append_only" BEFORE UPDATE OR DELETE ON "contract_ledger"."billing_charges"
  FOR EACH ROW EXECUTE FUNCTION "contract_ledger"."refuse_ledger_change"();
