import pino from 'pino';
import { loadConfig } from '@app/config';
import { AppError } from '@app/contracts';
import { onePage, rawPdf } from './hostile-pdfs';
import { samplePdf } from './signing-fixtures';
import { PlatformCaService } from '../src/platform/platform-ca.service';
import { PdfSandbox } from '../src/pdf-sandbox/pdf-sandbox';

/** Prepare needs no CA; validation is covered through the service (test/signing/hostile-pdfs.spec.ts). */
const noPlatform = {} as PlatformCaService;

function sandbox(env: Record<string, string>): PdfSandbox {
  const subject = new PdfSandbox(loadConfig(env), pino({ level: 'silent' }), true, noPlatform);
  subject.onModuleInit();
  return subject;
}

/** A file with `count` small objects: nothing to decompress, only much to parse. */
function manyObjects(count: number): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>',
  ];
  for (let index = 0; index < count; index += 1) {
    objects.push('<< /A [1 2 3] /B (text) /C << /D 4 >> >>');
  }
  return rawPdf(objects);
}

/**
 * Slow to read but small and within the decompression budget given: a
 * content stream in RunLength pairs (2 bytes → 128), which pdf-lib's decoder
 * expands byte by byte in JavaScript.
 */
function slowToRead(): Buffer {
  const pairs = Buffer.alloc(8 * 1024 * 1024);
  for (let at = 0; at < pairs.length; at += 2) {
    pairs[at] = 129;
  }
  return onePage({
    page: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents 4 0 R >>',
    extra: [{ dict: '/Filter /RunLengthDecode', data: pairs }],
  });
}
const SLOW_BUDGET = String(512 * 1024 * 1024);

async function refusal(work: Promise<unknown>): Promise<{ code: string; detail?: string }> {
  try {
    await work;
    return { code: 'accepted' };
  } catch (error) {
    if (!(error instanceof AppError)) {
      throw error;
    }
    return { code: error.reply.code, detail: error.reply.details?.[0]?.message };
  }
}

describe('PdfSandbox', () => {
  let subject: PdfSandbox | undefined;
  afterEach(async () => subject?.onModuleDestroy());

  it('prepares an upload in a worker, taking the upload’s memory instead of copying it', async () => {
    subject = sandbox({});
    const upload = await samplePdf(2, { padding: 256 * 1024 });
    const size = upload.length;
    const prepared = await subject.prepare(upload, 50 * 1024 * 1024);
    expect(prepared.pageCount).toBe(2);
    expect(Buffer.isBuffer(prepared.pdf)).toBe(true);
    expect(prepared.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(prepared.pdf.length).toBeGreaterThan(256 * 1024);
    // Handed over: the worker got the memory, the caller an empty buffer.
    expect([size > 4096, upload.length]).toEqual([true, 0]);
  });

  it('refuses a document that outlasts its deadline (PDF_SANDBOX_TIMEOUT_MS plus 250 ms per MiB) as PDF_TOO_COMPLEX, and reads the next one', async () => {
    subject = sandbox({ PDF_SANDBOX_TIMEOUT_MS: '500', PDF_MAX_INFLATED_BYTES: SLOW_BUDGET });
    const slowFile = slowToRead();
    // Started and warmed: the deadline runs from when a worker takes the document, and a cold worker's first one is slower.
    expect(await refusal(subject.prepare(onePage(), 1024 * 1024))).toEqual({ code: 'accepted' });
    const started = Date.now();
    expect(await refusal(subject.prepare(slowFile, 100 * 1024 * 1024))).toEqual({
      code: 'PDF_TOO_COMPLEX',
      detail: 'Reading it takes longer than 2.75 s.',
    });
    expect(Date.now() - started).toBeLessThan(2_750 + 2_000);
    expect(await refusal(subject.prepare(onePage(), 1024 * 1024))).toEqual({ code: 'accepted' });
  });

  it('refuses a document that fills the worker’s heap as PDF_TOO_COMPLEX, and reads the next one', async () => {
    subject = sandbox({ PDF_SANDBOX_MEMORY_MB: '64', PDF_SANDBOX_TIMEOUT_MS: '60000' });
    expect(await refusal(subject.prepare(manyObjects(1_000_000), 100 * 1024 * 1024))).toEqual({
      code: 'PDF_TOO_COMPLEX',
      detail: 'Reading it needs more than 64 MB of memory.',
    });
    expect(await refusal(subject.prepare(onePage(), 1024 * 1024))).toEqual({ code: 'accepted' });
  }, 120_000);

  it('tells the caller to retry (PDF_SANDBOX_BUSY) when its worker is busy and the queue is full', async () => {
    subject = sandbox({
      PDF_SANDBOX_WORKERS: '1',
      PDF_SANDBOX_QUEUE: '1',
      PDF_SANDBOX_TIMEOUT_MS: '100',
      PDF_MAX_INFLATED_BYTES: SLOW_BUDGET,
    });
    const slowFile = slowToRead();
    // Started once, so what follows is about a busy worker, not one still starting.
    await subject.prepare(onePage(), 1024 * 1024);
    const slow = refusal(subject.prepare(slowFile, 100 * 1024 * 1024));
    const waiting = refusal(subject.prepare(onePage(), 1024 * 1024));
    expect(await refusal(subject.prepare(onePage(), 1024 * 1024))).toEqual({ code: 'PDF_SANDBOX_BUSY', detail: undefined });
    expect((await slow).code).toBe('PDF_TOO_COMPLEX');
    expect(await waiting).toEqual({ code: 'accepted' });
  });
});
