import type { FastifyReply } from 'fastify';
import { BlobStore } from '@app/blob-store';

/**
 * A PDF download: the service authorised it and named the blob (claim
 * check); the bytes come from the blob store, verified against the hash,
 * with the file name and the hash (X-Content-SHA256) in the headers.
 */
export async function pdfDownload(reply: FastifyReply, file: { sha256: string; fileName: string }, blobs: BlobStore): Promise<Buffer> {
  const bytes = await blobs.get(file.sha256);
  void reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('x-content-sha256', file.sha256);
  return bytes;
}
