-- The key must be the hash of the bytes, checked by the database itself: a
-- wrong row would otherwise block its hash for ever (rows are write-once).
ALTER TABLE "blob_store"."blobs"
  ADD CONSTRAINT "blobs_sha256_matches_content" CHECK ("sha256" = encode(sha256("content"), 'hex'));
