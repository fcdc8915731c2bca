import type { FastifyReply } from 'fastify';

/** A PDF download: its bytes, with the file name and its SHA-256 (X-Content-SHA256) in the headers. */
export function pdfDownload(reply: FastifyReply, file: { sha256: string; pdfBase64: string; fileName: string }): Buffer {
  void reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('x-content-sha256', file.sha256);
  return Buffer.from(file.pdfBase64, 'base64');
}
