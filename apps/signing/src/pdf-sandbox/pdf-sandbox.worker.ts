import 'reflect-metadata';
import { X509Certificate } from 'node:crypto';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { AppError } from '@app/contracts';
import { preparePdfForSigning } from '../pades/pdf-preparation';
import { validatePdfSignatures } from '../validation/pdf-signature.validator';
import { SandboxJob, SandboxReply } from './sandbox-protocol';

/**
 * A PDF-sandbox worker thread (PdfSandbox starts it): one untrusted PDF at a
 * time, under the memory limit the pool gave it, terminated by the pool when
 * its deadline passes. Nothing here touches the network, the database or
 * keys; it gets bytes and answers bytes or a refusal.
 */
async function run(job: SandboxJob): Promise<unknown> {
  const pdf = Buffer.from(job.pdf.buffer, job.pdf.byteOffset, job.pdf.byteLength);
  if (job.kind === 'prepare') {
    return preparePdfForSigning(pdf, job.maxBytes, { maxInflatedBytes: job.maxInflatedBytes });
  }
  const certificates = (list: readonly Uint8Array[]) => list.map((der) => new X509Certificate(Buffer.from(der)));
  const report = await validatePdfSignatures(pdf, {
    roots: certificates(job.roots),
    intermediates: certificates(job.intermediates),
    crls: job.crls.map((crl) => Buffer.from(crl)),
  });
  return JSON.parse(JSON.stringify(report)) as unknown;
}

function reply(error: unknown): SandboxReply {
  if (error instanceof AppError) {
    return { ok: false, refusal: error.reply };
  }
  return { ok: false, unexpected: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/**
 * Below the service's own threads: on Linux a thread's nice value is its
 * own, so a long parse here yields the CPU to the service's event loop
 * instead of competing with it on a busy machine. Where that is not
 * allowed, the worker runs at normal priority.
 */
const SANDBOX_NICENESS = 10;
try {
  setPriority(SANDBOX_NICENESS);
} catch {
  // Not permitted here (some containers): nothing to do.
}

const port = parentPort;
if (!port) {
  throw new Error('pdf-sandbox.worker runs only as a worker thread (PdfSandbox starts it)');
}
port.on('message', (job: SandboxJob) => {
  run(job).then(
    (value) => {
      const bytes = (value as { pdf?: Uint8Array }).pdf;
      // The rewritten PDF moves to the service instead of being copied on its event loop.
      const transfer = bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
      port.postMessage({ ok: true, value } satisfies SandboxReply, transfer);
    },
    (error: unknown) => port.postMessage(reply(error)),
  );
});
port.postMessage('ready');
