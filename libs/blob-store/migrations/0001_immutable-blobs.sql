-- Blobs are write-once: a stored document can never be changed or removed,
-- whatever code or person holds a connection.
CREATE FUNCTION "blob_store"."refuse_blob_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'blob_store.blobs is immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "blobs_immutable" BEFORE UPDATE OR DELETE ON "blob_store"."blobs"
  FOR EACH ROW EXECUTE FUNCTION "blob_store"."refuse_blob_change"();
--> statement-breakpoint
CREATE TRIGGER "blobs_no_truncate" BEFORE TRUNCATE ON "blob_store"."blobs"
  FOR EACH STATEMENT EXECUTE FUNCTION "blob_store"."refuse_blob_change"();
