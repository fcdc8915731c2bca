import { formatMegabytes } from '@app/blob-store';
import { AppError } from '@app/contracts';

const bytes = (value: number) => value.toLocaleString('en-US');

/**
 * PDF_TOO_LARGE naming the limit, refused by the gateway while it reads the
 * upload (as signing words it; `size` is a lower bound when reading stopped
 * at the first byte over the limit).
 */
export function pdfTooLarge(limit: number, size: number, path: 'pdf' | 'pdfBase64' | '(body)', stoppedEarly = false): AppError {
  const label = formatMegabytes(limit);
  const found = stoppedEarly ? `more than ${bytes(limit)} bytes` : `${bytes(size)} bytes`;
  const foundJa = stoppedEarly ? `${bytes(limit)} バイトを超えています` : `${bytes(size)} バイトです`;
  return new AppError({
    code: 'PDF_TOO_LARGE',
    status: 413,
    message: {
      ja: `PDFファイルが大きすぎます（上限 ${label}）。ファイルを分割するか、画像の解像度を下げてからアップロードしてください。`,
      en: `The PDF file is too large (limit ${label}). Split it or lower the resolution of its images, then upload it again.`,
    },
    details: [
      {
        path,
        message: `The PDF is ${found}; at most ${bytes(limit)} bytes are accepted.`,
        messageJa: `PDFは ${foundJa}。${bytes(limit)} バイト以下にしてください。`,
      },
    ],
  });
}
