import { formatMegabytes } from '@app/blob-store';
import { AppError, errorFactory } from '@app/contracts';

/** Why signing refuses a document, in Japanese and English. Nothing is changed or stored when one is thrown. */
export const SigningErrors = {
  PDF_MALFORMED: {
    status: 400,
    ja: 'PDFファイルとして読み取れませんでした。ファイルが壊れていないか確認してください。',
    en: 'The file could not be read as a PDF. Check that it is not damaged.',
  },
  PDF_ENCRYPTED: {
    status: 400,
    ja: 'パスワードで保護（暗号化）されたPDFには署名できません。保護を解除してからアップロードしてください。',
    en: 'Password-protected (encrypted) PDFs cannot be signed. Remove the protection and upload it again.',
  },
  PDF_TOO_LARGE: {
    status: 413,
    ja: 'PDFファイルが大きすぎます。',
    en: 'The PDF file is too large.',
  },
  PDF_ALREADY_SIGNED: {
    status: 400,
    ja: 'このPDFには既に電子署名が含まれています。署名前の元のPDFをアップロードしてください。',
    en: 'This PDF already contains a digital signature. Upload the original, unsigned PDF.',
  },
  PDF_SIGNED_ELSEWHERE: {
    status: 409,
    ja: 'このPDFは本サービス以外で署名・変更されているため、追加の署名ができません。',
    en: 'This PDF was signed or changed outside this service, so it cannot be signed here.',
  },
  PDF_NOT_PREPARED: {
    status: 409,
    ja: 'このPDFは署名用に登録されていません。先に文書として登録（正規化）してください。',
    en: 'This PDF has not been registered for signing. Register (normalise) it first.',
  },
  PDF_TOO_COMPLEX: {
    status: 422,
    ja: 'このPDFは処理に必要なメモリまたは時間が上限を超えるため受け付けられません（圧縮データの展開量、入れ子の深さなど）。PDFを保存し直すか分割してからお試しください。',
    en: 'This PDF needs more memory or time to process than is allowed (decompressed size, nesting depth …). Save it again or split it, then retry.',
  },
  PDF_ACTIVE_CONTENT: {
    status: 422,
    ja: 'このPDFには動的なコンテンツ（JavaScript、外部プログラムの起動、データ送信、埋め込みファイル、XFA）が含まれているため受け付けられません。それらを除いたPDFを作成してください。',
    en: 'This PDF contains active content (JavaScript, program launch, data submission, embedded files or XFA) and cannot be accepted. Create the PDF without it.',
  },
  PDF_SANDBOX_BUSY: {
    status: 503,
    ja: '現在PDFの処理が混み合っています。しばらくしてから再度お試しください。',
    en: 'Too many PDFs are being processed right now. Please retry shortly.',
  },
  PDF_UNSUPPORTED_STRUCTURE: {
    status: 422,
    ja: 'このPDFの構造には対応していないため署名できません。PDFを保存し直してからお試しください。',
    en: 'The structure of this PDF is not supported for signing. Save the PDF again and retry.',
  },
} as const;
export type SigningErrorCode = keyof typeof SigningErrors;

export const signingError = errorFactory(SigningErrors);

const bytes = (value: number) => value.toLocaleString('en-US');

/**
 * PDF_TOO_LARGE naming the upload limit, with the size found in the details:
 * of the upload, or (`rewritten`) of the upload rewritten for signing, which
 * grows when the upload packed its objects into compressed streams.
 */
export function pdfTooLarge(uploadLimit: number, size: number, rewritten?: { limit: number }): AppError {
  const limit = formatMegabytes(uploadLimit);
  return new AppError({
    code: 'PDF_TOO_LARGE',
    status: 413,
    message: {
      ja: `PDFファイルが大きすぎます（上限 ${limit}）。ファイルを分割するか、画像の解像度を下げてからアップロードしてください。`,
      en: `The PDF file is too large (limit ${limit}). Split it or lower the resolution of its images, then upload it again.`,
    },
    details: [
      rewritten
        ? {
            path: 'pdfBase64',
            message: `Rewritten for signing, the PDF grows to ${bytes(size)} bytes, more than the ${bytes(rewritten.limit)} bytes a registered PDF may have.`,
            messageJa: `署名用に変換するとPDFは ${bytes(size)} バイトになり、登録できる ${bytes(rewritten.limit)} バイトを超えます。`,
          }
        : {
            path: 'pdfBase64',
            message: `The PDF is ${bytes(size)} bytes; at most ${bytes(uploadLimit)} bytes are accepted.`,
            messageJa: `PDFは ${bytes(size)} バイトです。${bytes(uploadLimit)} バイト以下にしてください。`,
          },
    ],
  });
}
