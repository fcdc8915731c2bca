import { and, eq, lt } from 'drizzle-orm';
import { AppError } from '@app/contracts';
import { Executor } from '@app/db';
import { sha256Hex } from './blob-store';
import { stagedFiles } from './blob.schema';

/** A staged file as it is named across a process boundary. */
export interface StagedFileRef {
  id: string;
  sha256: string;
  sizeBytes: number;
}

/** How long a staged file may wait for its receiver before it is pruned. */
export const STAGED_FILE_RETENTION_MS = 60 * 60 * 1000;

/**
 * The claim check for bytes that must cross between services: the sender
 * stages them and passes `{ id, sha256 }` in the message; the receiver reads
 * them by ID, verified against the hash, and discards them when done.
 */
export class StagedFiles {
  constructor(private readonly db: Executor) {}

  async stage(bytes: Buffer, sha256 = sha256Hex(bytes)): Promise<StagedFileRef> {
    const [row] = await this.db
      .insert(stagedFiles)
      .values({ sha256, sizeBytes: bytes.length, content: bytes })
      .returning({ id: stagedFiles.id });
    return { id: row.id, sha256, sizeBytes: bytes.length };
  }

  /** The staged bytes; refused when missing (pruned, discarded) or when they do not match the hash the sender named. */
  async read(ref: { id: string; sha256: string }): Promise<Buffer> {
    const [row] = await this.db
      .select({ content: stagedFiles.content })
      .from(stagedFiles)
      .where(and(eq(stagedFiles.id, ref.id), eq(stagedFiles.sha256, ref.sha256)));
    if (!row) {
      throw new AppError({
        code: 'UPLOAD_NOT_FOUND',
        status: 409,
        message: {
          ja: 'アップロードされたファイルが見つかりません（期限切れ）。もう一度アップロードしてください。',
          en: 'The uploaded file is no longer available (expired). Upload it again.',
        },
      });
    }
    if (sha256Hex(row.content) !== ref.sha256) {
      throw new Error(`Staged file ${ref.id} does not match its hash`);
    }
    return row.content;
  }

  async discard(id: string): Promise<void> {
    await this.db.delete(stagedFiles).where(eq(stagedFiles.id, id));
  }

  /** Removes what no receiver took within the retention; returns how many. */
  async prune(now = new Date(), retentionMs = STAGED_FILE_RETENTION_MS): Promise<number> {
    const removed = await this.db
      .delete(stagedFiles)
      .where(lt(stagedFiles.createdAt, new Date(now.getTime() - retentionMs)))
      .returning({ id: stagedFiles.id });
    return removed.length;
  }
}
