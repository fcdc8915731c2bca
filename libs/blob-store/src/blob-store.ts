import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { AppError } from '@app/contracts';
import { Executor, MigrationSet, preparedInsert, preparedStatement } from '@app/db';
import { blobs } from './blob.schema';

export const blobStoreMigrations: MigrationSet = { schema: 'blob_store', folder: 'libs/blob-store/migrations' };

export interface StoredBlob {
  sha256: string;
  sizeBytes: number;
  /** False when identical bytes were already stored. */
  created: boolean;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

// Run for every batch a signing worker reads (see preparedStatement).
const hashIn = sql`${blobs.sha256} = ANY(${sql.placeholder('hashes')}::text[])`;
const contentsStatement = preparedStatement('blob.contents', (db) =>
  db.select({ sha256: blobs.sha256, content: blobs.content }).from(blobs).where(hashIn),
);
const sizesStatement = preparedStatement('blob.sizes', (db) =>
  db.select({ sha256: blobs.sha256, sizeBytes: blobs.sizeBytes }).from(blobs).where(hashIn),
);
/** With a generic plan: a custom one would copy every PDF into the plan (see preparedInsert). */
const insertStatement = preparedInsert('blob.put', blobs, { onConflictDoNothing: true, returning: { sha256: blobs.sha256 } });

/**
 * How far a stored PDF may outgrow the upload limit (BLOB_MAX_BYTES). The
 * platform's own additions — rewriting the upload for signing, two signatures
 * (each a placeholder of at most 64 KiB written as hex), their time-stamps, later archive
 * time-stamps — must never make a document it accepted impossible to store.
 */
export const DERIVED_PDF_HEADROOM_BYTES = 2 * 1024 * 1024;

/** The largest blob the store takes when uploads are limited to `uploadLimit` bytes. */
export function storedPdfLimit(uploadLimit: number): number {
  return uploadLimit + DERIVED_PDF_HEADROOM_BYTES;
}

/**
 * Extra time an RPC that handles a document of `sizeBytes` may take beyond
 * RPC_TIMEOUT_MS (reading it from the store, parsing, rewriting, storing):
 * 250 ms per MiB, so a 50 MiB upload is not held to a 1 KiB one's deadline.
 */
export function documentWorkAllowanceMs(sizeBytes: number): number {
  return Math.ceil(sizeBytes / (1024 * 1024)) * 250;
}

/** A size as users read it: 50 MB, 0.25 MB (MiB, at most two decimals). */
export function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 100) / 100} MB`;
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Content-addressed, write-once storage for PDFs. Storing the same bytes twice
 * is a no-op; there is no update and no delete, so a hash recorded anywhere
 * (audit trail, signature record) always finds the same document.
 */
export class BlobStore {
  constructor(
    private readonly db: Executor,
    private readonly maxBytes: number,
  ) {}

  /** Stores bytes; pass a transaction to commit the blob with what refers to it. */
  async put(bytes: Buffer, tx: Executor = this.db): Promise<StoredBlob> {
    const [stored] = await this.putAll([bytes], tx);
    return stored;
  }

  /** Stores several blobs in one statement (a batch of signed documents), each result in the order given. */
  async putAll(contents: Buffer[], tx: Executor = this.db): Promise<StoredBlob[]> {
    const rows = contents.map((bytes) => {
      this.assertStorable(bytes);
      return { sha256: sha256Hex(bytes), sizeBytes: bytes.length, content: bytes };
    });
    if (rows.length === 0) {
      return [];
    }
    const unique = [...new Map(rows.map((row) => [row.sha256, row])).values()];
    const inserted = await insertStatement(tx, unique);
    const created = new Set(inserted.map(({ sha256 }) => sha256));
    return rows.map(({ sha256, sizeBytes }) => {
      // Identical bytes twice in one call: only the first is new.
      const isNew = created.delete(sha256);
      return { sha256, sizeBytes, created: isNew };
    });
  }

  private assertStorable(bytes: Buffer): void {
    if (bytes.length === 0) {
      throw new AppError({
        code: 'BLOB_EMPTY',
        status: 400,
        message: { ja: 'ファイルが空です。', en: 'The file is empty.' },
      });
    }
    if (bytes.length > this.maxBytes) {
      throw new AppError({
        code: 'BLOB_TOO_LARGE',
        status: 413,
        message: {
          ja: `ファイルが大きすぎます（上限 ${formatMegabytes(this.maxBytes)}）。`,
          en: `The file is too large (limit ${formatMegabytes(this.maxBytes)}).`,
        },
      });
    }
  }

  /** The bytes stored under a hash, verified against it. */
  async get(sha256: string, tx: Executor = this.db): Promise<Buffer> {
    assertHash(sha256);
    const [row] = await tx.select({ content: blobs.content }).from(blobs).where(eq(blobs.sha256, sha256));
    if (!row) {
      throw new AppError({
        code: 'BLOB_NOT_FOUND',
        status: 404,
        message: { ja: '文書ファイルが見つかりません。', en: 'The document file was not found.' },
      });
    }
    if (sha256Hex(row.content) !== sha256) {
      // Storage corruption must never be served as a contract.
      throw new Error(`Blob ${sha256} does not match its hash`);
    }
    return row.content;
  }

  /**
   * The bytes of several blobs in one query (a batch of documents to sign),
   * each verified against its hash. A hash that is not stored is absent from
   * the map; a blob that does not match its hash fails the whole call.
   */
  async getAll(hashes: string[], tx: Executor = this.db): Promise<Map<string, Buffer>> {
    hashes.forEach(assertHash);
    if (hashes.length === 0) {
      return new Map();
    }
    const rows = await contentsStatement(tx, { hashes: [...new Set(hashes)] });
    for (const row of rows) {
      if (sha256Hex(row.content) !== row.sha256) {
        throw new Error(`Blob ${row.sha256} does not match its hash`);
      }
    }
    return new Map(rows.map((row) => [row.sha256, row.content]));
  }

  /** The sizes of several blobs, without their bytes (what a reader must be ready to hold); a hash not stored is absent. */
  async sizesOf(hashes: string[], tx: Executor = this.db): Promise<Map<string, number>> {
    hashes.forEach(assertHash);
    if (hashes.length === 0) {
      return new Map();
    }
    const rows = await sizesStatement(tx, { hashes: [...new Set(hashes)] });
    return new Map(rows.map((row) => [row.sha256, row.sizeBytes]));
  }

  async exists(sha256: string, tx: Executor = this.db): Promise<boolean> {
    assertHash(sha256);
    const rows = await tx.select({ sha256: blobs.sha256 }).from(blobs).where(eq(blobs.sha256, sha256));
    return rows.length > 0;
  }
}

function assertHash(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) {
    throw AppError.of('VALIDATION_FAILED', [{ path: 'sha256', message: 'must be 64 lower-case hex characters' }]);
  }
}
