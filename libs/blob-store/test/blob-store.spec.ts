import { createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '@app/config';
import { AppError } from '@app/contracts';
import { DatabaseHandle, inTransaction, openDatabase, runMigrations } from '@app/db';
import { createTestDatabase, dropTestDatabase, testConfig } from '@app/testing';
import { BlobStore, blobStoreMigrations, sha256Hex } from '../src/blob-store';

const MAX_BYTES = 2 * 1024 * 1024;
const SMALL_MAX = 1024;

/** Bytes that look like a PDF and are unique to each call. */
function pdfLike(size: number): Buffer {
  const header = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const trailer = Buffer.from('\n%%EOF\n', 'latin1');
  return Buffer.concat([header, randomBytes(size - header.length - trailer.length), trailer]);
}

/** The error a promise rejects with; fails the test if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('BlobStore (real PostgreSQL)', () => {
  let config: AppConfig;
  let handle: DatabaseHandle;
  let store: BlobStore;
  let small: BlobStore;

  const rowCount = async (sha256?: string): Promise<number> => {
    const result = sha256
      ? await handle.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM blob_store.blobs WHERE sha256 = $1', [sha256])
      : await handle.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM blob_store.blobs');
    return result.rows[0].n;
  };
  const storedRow = async (sha256: string) => {
    const result = await handle.pool.query<{ size_bytes: number; content: Buffer }>(
      'SELECT size_bytes, content FROM blob_store.blobs WHERE sha256 = $1',
      [sha256],
    );
    return result.rows[0];
  };

  beforeAll(async () => {
    config = testConfig();
    await createTestDatabase(config);
    handle = openDatabase(config.DATABASE_URL, { poolSize: 8, applicationName: 'inkan-test-blob-store' });
    await runMigrations(handle, blobStoreMigrations);
    store = new BlobStore(handle.db, MAX_BYTES);
    small = new BlobStore(handle.db, SMALL_MAX);
  });

  afterAll(async () => {
    await handle?.close();
    await dropTestDatabase(config);
  });

  describe('put', () => {
    it('returns the SHA-256 of the bytes and their size, and stores them', async () => {
      const bytes = Buffer.from('abc');
      const stored = await store.put(bytes);

      // The FIPS 180-2 test vector, independent of any implementation.
      expect(stored).toEqual({
        sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        sizeBytes: 3,
        created: true,
      });
      const row = await storedRow(stored.sha256);
      expect(row.size_bytes).toBe(3);
      expect(row.content.equals(bytes)).toBe(true);
    });

    it('hashes binary content exactly as node:crypto does', async () => {
      const bytes = pdfLike(4096);
      const stored = await store.put(bytes);

      expect(stored.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.sizeBytes).toBe(4096);
      expect(stored.created).toBe(true);
      expect(sha256Hex(bytes)).toBe(stored.sha256);
    });

    it('stores identical bytes once: the second put reports created=false', async () => {
      const bytes = pdfLike(2048);
      const first = await store.put(bytes);
      const second = await store.put(Buffer.from(bytes));

      expect(first.created).toBe(true);
      expect(second).toEqual({ sha256: first.sha256, sizeBytes: 2048, created: false });
      expect(await rowCount(first.sha256)).toBe(1);
    });

    it('stores identical bytes once even when put concurrently', async () => {
      const bytes = pdfLike(3000);
      const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.put(Buffer.from(bytes))));

      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.sha256)).size).toBe(1);
      expect(await rowCount(results[0].sha256)).toBe(1);
    });

    it('stores several blobs in one call, each result in the order given, identical bytes once', async () => {
      const known = pdfLike(1500);
      await store.put(known);
      const fresh = pdfLike(1600);
      const results = await store.putAll([fresh, Buffer.from(known), Buffer.from(fresh), pdfLike(1700)]);

      expect(results.map((result) => result.sizeBytes)).toEqual([1600, 1500, 1600, 1700]);
      expect(results.map((result) => result.created)).toEqual([true, false, false, true]);
      expect(results[0].sha256).toBe(sha256Hex(fresh));
      expect(results[2].sha256).toBe(results[0].sha256);
      expect((await storedRow(results[3].sha256)).size_bytes).toBe(1700);
      expect(await rowCount(results[0].sha256)).toBe(1);
    });

    it('refuses the whole call when one blob is too large, and stores none of them', async () => {
      const before = await rowCount();
      const error = await appErrorOf(small.putAll([pdfLike(100), pdfLike(SMALL_MAX + 1)]));

      expect(error.reply.code).toBe('BLOB_TOO_LARGE');
      expect(await rowCount()).toBe(before);
    });

    it('refuses an empty buffer with BLOB_EMPTY and stores nothing', async () => {
      const before = await rowCount();
      const error = await appErrorOf(store.put(Buffer.alloc(0)));

      expect(error.reply.code).toBe('BLOB_EMPTY');
      expect(error.reply.status).toBe(400);
      expect(AppError.isErrorReply(error.reply)).toBe(true);
      expect(await rowCount()).toBe(before);
    });

    it('refuses more than maxBytes with BLOB_TOO_LARGE (413) and stores nothing', async () => {
      const before = await rowCount();
      const bytes = pdfLike(SMALL_MAX + 1);
      const error = await appErrorOf(small.put(bytes));

      expect(error.reply.code).toBe('BLOB_TOO_LARGE');
      expect(error.reply.status).toBe(413);
      expect(error.reply.message.en).toMatch(/too large/);
      expect(error.reply.message.ja).toMatch(/大きすぎ/);
      expect(AppError.isErrorReply(error.reply)).toBe(true);
      expect(await rowCount(sha256Hex(bytes))).toBe(0);
      expect(await rowCount()).toBe(before);
    });

    it('accepts exactly maxBytes', async () => {
      const bytes = pdfLike(SMALL_MAX);
      const stored = await small.put(bytes);

      expect(stored).toEqual({ sha256: sha256Hex(bytes), sizeBytes: SMALL_MAX, created: true });
      expect((await small.get(stored.sha256)).equals(bytes)).toBe(true);
    });

    it('stores nothing when the transaction it joined rolls back', async () => {
      const bytes = pdfLike(1500);
      const sha256 = sha256Hex(bytes);
      const failure = new Error('the contract insert failed');

      await expect(
        inTransaction(handle.db, async (tx) => {
          const stored = await store.put(bytes, tx);
          expect(stored.created).toBe(true);
          // Visible inside the transaction, invisible outside until commit.
          expect(await store.exists(sha256, tx)).toBe(true);
          expect(await rowCount(sha256)).toBe(0);
          throw failure;
        }),
      ).rejects.toBe(failure);

      expect(await store.exists(sha256)).toBe(false);
      expect(await rowCount(sha256)).toBe(0);
    });

    it('stores the blob when the transaction it joined commits', async () => {
      const bytes = pdfLike(1500);
      const stored = await inTransaction(handle.db, (tx) => store.put(bytes, tx));

      expect(stored.created).toBe(true);
      expect(await store.exists(stored.sha256)).toBe(true);
      expect((await store.get(stored.sha256)).equals(bytes)).toBe(true);
    });
  });

  describe('get and exists', () => {
    it('returns the same bytes that were put', async () => {
      const a = pdfLike(5000);
      const b = pdfLike(5000);
      const storedA = await store.put(a);
      const storedB = await store.put(b);

      expect(storedA.sha256).not.toBe(storedB.sha256);
      expect((await store.get(storedA.sha256)).equals(a)).toBe(true);
      expect((await store.get(storedB.sha256)).equals(b)).toBe(true);
      expect(await store.exists(storedA.sha256)).toBe(true);
    });

    it('answers an unknown hash with BLOB_NOT_FOUND (404) in Japanese and English', async () => {
      const unknown = sha256Hex(Buffer.from('never stored'));
      const error = await appErrorOf(store.get(unknown));

      expect(error.reply.code).toBe('BLOB_NOT_FOUND');
      expect(error.reply.status).toBe(404);
      expect(error.reply.message.ja).toMatch(/見つかりません/);
      expect(error.reply.message.en).toMatch(/not found/);
      expect(AppError.isErrorReply(error.reply)).toBe(true);
      expect(await store.exists(unknown)).toBe(false);
    });

    it.each([
      ['too short', 'abc'],
      ['63 characters', 'a'.repeat(63)],
      ['65 characters', 'a'.repeat(65)],
      ['upper-case hex', 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD'],
      ['not hex', 'g'.repeat(64)],
      ['SQL', "' OR '1'='1"],
      ['empty', ''],
    ])('rejects a malformed hash (%s) with VALIDATION_FAILED on the sha256 field', async (_label, hash) => {
      for (const attempt of [() => store.get(hash), () => store.exists(hash)]) {
        const error = await appErrorOf(attempt());
        expect(error.reply.code).toBe('VALIDATION_FAILED');
        expect(error.reply.status).toBe(400);
        expect(error.reply.details?.map((detail) => detail.path)).toEqual(['sha256']);
      }
    });

    it('refuses to store bytes under a hash that is not theirs (CHECK constraint)', async () => {
      const claimed = sha256Hex(Buffer.from('the signed contract'));
      const content = Buffer.from('something else entirely');
      await expect(
        handle.pool.query('INSERT INTO blob_store.blobs (sha256, size_bytes, content) VALUES ($1, $2, $3)', [
          claimed,
          content.length,
          content,
        ]),
      ).rejects.toMatchObject({ code: '23514', constraint: 'blobs_sha256_matches_content' });
    });

    it('refuses to serve bytes that do not match their hash, even from a damaged restore without the constraint', async () => {
      const claimed = sha256Hex(Buffer.from('the signed contract, restored'));
      const content = Buffer.from('something else entirely');
      await handle.pool.query('ALTER TABLE blob_store.blobs DROP CONSTRAINT blobs_sha256_matches_content');
      try {
        await handle.pool.query('INSERT INTO blob_store.blobs (sha256, size_bytes, content) VALUES ($1, $2, $3)', [
          claimed,
          content.length,
          content,
        ]);
      } finally {
        await handle.pool.query(
          `ALTER TABLE blob_store.blobs ADD CONSTRAINT blobs_sha256_matches_content CHECK (sha256 = encode(sha256(content), 'hex')) NOT VALID`,
        );
      }

      const error = await rejectionOf(store.get(claimed));
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(AppError);
      expect((error as Error).message).toMatch(/does not match its hash/);
      await expect(store.getAll([claimed])).rejects.toThrow(/does not match its hash/);
    });

    it('reads several blobs in one call, verified; a hash not stored is absent, a malformed one refused', async () => {
      const [first, second] = [pdfLike(1200), pdfLike(1300)];
      const stored = await store.putAll([first, second]);
      const missing = sha256Hex(Buffer.from('never stored'));

      const read = await store.getAll([stored[1].sha256, missing, stored[0].sha256, stored[1].sha256]);
      expect([...read.keys()].sort()).toEqual([stored[0].sha256, stored[1].sha256].sort());
      expect(read.get(stored[0].sha256)?.equals(first)).toBe(true);
      expect(read.get(stored[1].sha256)?.equals(second)).toBe(true);
      expect((await appErrorOf(store.getAll([stored[0].sha256, 'not-a-hash']))).reply.code).toBe('VALIDATION_FAILED');
    });

    it('tells the sizes of several blobs without their bytes; a hash not stored is absent, a malformed one refused', async () => {
      const [first, second] = [pdfLike(1400), pdfLike(2500)];
      const stored = await store.putAll([first, second]);
      const missing = sha256Hex(Buffer.from('never stored either'));

      const sizes = await store.sizesOf([stored[1].sha256, missing, stored[0].sha256, stored[1].sha256]);
      expect(sizes).toEqual(
        new Map([
          [stored[1].sha256, 2500],
          [stored[0].sha256, 1400],
        ]),
      );
      expect(await store.sizesOf([])).toEqual(new Map());
      expect((await appErrorOf(store.sizesOf([stored[0].sha256, 'NOT-A-HASH']))).reply.code).toBe('VALIDATION_FAILED');
    });

    it("compresses a signed PDF's placeholder zeros with lz4, and reads the bytes back intact", async () => {
      // What a signature leaves in a PDF: its CMS as hex, then zeros to the end of the 16 KiB placeholder (32 KiB of hex).
      const signed = Buffer.concat([pdfLike(20_000), Buffer.from(`<${randomBytes(5000).toString('hex')}${'0'.repeat(22_768)}>`, 'latin1')]);
      const stored = await store.put(signed);
      const result = await handle.pool.query<{ method: string; bytes: number }>(
        'SELECT pg_column_compression(content) AS method, pg_column_size(content) AS bytes FROM blob_store.blobs WHERE sha256 = $1',
        [stored.sha256],
      );
      expect(result.rows[0].method).toBe('lz4');
      expect(result.rows[0].bytes).toBeLessThan(signed.length * 0.7);
      expect((await store.get(stored.sha256)).equals(signed)).toBe(true);
    });

    it('keeps a 1 MiB random PDF-like document intact', async () => {
      const bytes = pdfLike(1024 * 1024);
      const stored = await store.put(bytes);

      expect(stored).toEqual({ sha256: createHash('sha256').update(bytes).digest('hex'), sizeBytes: 1_048_576, created: true });
      const read = await store.get(stored.sha256);
      expect(read.length).toBe(1_048_576);
      expect(read.equals(bytes)).toBe(true);
      const row = await handle.pool.query<{ n: number }>('SELECT octet_length(content) AS n FROM blob_store.blobs WHERE sha256 = $1', [
        stored.sha256,
      ]);
      expect(row.rows[0].n).toBe(1_048_576);
    });
  });

  describe('the database itself keeps blobs write-once', () => {
    let sha256: string;
    let original: Buffer;

    beforeAll(async () => {
      original = pdfLike(800);
      sha256 = (await store.put(original)).sha256;
    });

    const expectRefused = async (statement: string, params: unknown[] = []) => {
      const error = (await rejectionOf(handle.pool.query(statement, params))) as { code?: string; message?: string };
      expect(error.code).toBe('42501'); // insufficient_privilege, raised by the trigger
      expect(error.message).toMatch(/blob_store\.blobs is immutable/);
    };
    const expectIntact = async () => {
      const row = await storedRow(sha256);
      expect(row).toBeDefined();
      expect(row.size_bytes).toBe(800);
      expect(row.content.equals(original)).toBe(true);
      expect((await store.get(sha256)).equals(original)).toBe(true);
    };

    it('refuses UPDATE of the content', async () => {
      const other = pdfLike(800);
      await expectRefused('UPDATE blob_store.blobs SET content = $2 WHERE sha256 = $1', [sha256, other]);
      await expectIntact();
    });

    it('refuses UPDATE of any column', async () => {
      await expectRefused("UPDATE blob_store.blobs SET created_at = now() - interval '1 day' WHERE sha256 = $1", [sha256]);
      await expectIntact();
    });

    it('refuses DELETE', async () => {
      await expectRefused('DELETE FROM blob_store.blobs WHERE sha256 = $1', [sha256]);
      await expectRefused('DELETE FROM blob_store.blobs');
      await expectIntact();
    });

    it('refuses TRUNCATE', async () => {
      const before = await rowCount();
      await expectRefused('TRUNCATE blob_store.blobs');
      await expectIntact();
      expect(await rowCount()).toBe(before);
    });

    it('rejects a row whose key is not a lower-case hex SHA-256 (CHECK constraint)', async () => {
      for (const bad of ['not-a-hash', 'A'.repeat(64), 'a'.repeat(63)]) {
        const error = (await rejectionOf(
          handle.pool.query('INSERT INTO blob_store.blobs (sha256, size_bytes, content) VALUES ($1, 1, $2)', [bad, Buffer.from('x')]),
        )) as { code?: string; constraint?: string };
        expect(error.code).toBe('23514'); // check_violation
        expect(error.constraint).toBe('blobs_sha256_hex');
      }
    });

    it('rejects a row whose size_bytes does not match its content (CHECK constraint)', async () => {
      const content = pdfLike(100);
      const error = (await rejectionOf(
        handle.pool.query('INSERT INTO blob_store.blobs (sha256, size_bytes, content) VALUES ($1, $2, $3)', [
          sha256Hex(content),
          101,
          content,
        ]),
      )) as { code?: string; constraint?: string };
      expect(error.code).toBe('23514');
      expect(error.constraint).toBe('blobs_size_matches');
      expect(await rowCount(sha256Hex(content))).toBe(0);
    });
  });
});
