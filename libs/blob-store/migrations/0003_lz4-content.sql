-- A signed PDF is mostly streams that are compressed already, plus the hex of
-- each signature's 16 KiB placeholder, two thirds of it zeros. pglz gives up
-- on such a value after its first kilobyte and stores it whole; lz4 keeps the
-- zeros small (a signed 36 KB contract takes about half the space) and costs
-- less CPU on write and read. Rows stored before keep their compression.
-- A server built without lz4 keeps pglz: the blobs are only bigger.
DO $$
BEGIN
  EXECUTE 'ALTER TABLE "blob_store"."blobs" ALTER COLUMN "content" SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'this PostgreSQL has no lz4; blob_store.blobs.content keeps pglz';
END $$;
