import { createHash } from 'node:crypto';
import { AppError } from '@app/contracts';

export interface ReadUpload {
  bytes: Buffer;
  sha256: string;
}

/**
 * Reads an upload chunk by chunk, hashing as it goes, and stops at the first
 * chunk that takes it over `limit`: the bytes past the limit are never kept.
 */
export async function readLimited(source: AsyncIterable<Buffer>, limit: number, tooLarge: () => AppError): Promise<ReadUpload> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > limit) {
      throw tooLarge();
    }
    hash.update(chunk);
    chunks.push(chunk);
  }
  return { bytes: Buffer.concat(chunks, size), sha256: hash.digest('hex') };
}

/** Bytes already in memory (a JSON body's base64 PDF): the same checks. */
export function fromBuffer(bytes: Buffer, limit: number, tooLarge: () => AppError): ReadUpload {
  if (bytes.length > limit) {
    throw tooLarge();
  }
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
