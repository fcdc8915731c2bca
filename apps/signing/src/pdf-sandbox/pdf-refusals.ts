import { AppError } from '@app/contracts';
import { signingError, SigningErrors } from '../pades/signing.errors';
import { ActiveContentKind, ActiveContentKinds, StructureDefect } from './pdf-inspection';

const STRUCTURE_DEFECTS: Record<StructureDefect, { en: string; ja: string }> = {
  unparseable: {
    en: 'The file has no readable PDF objects or cross-reference table.',
    ja: 'PDFのオブジェクトまたは相互参照表を読み取れません。',
  },
  'no-root': { en: 'The trailer names no document catalog (/Root).', ja: 'トレーラーに文書カタログ（/Root）がありません。' },
  'root-not-catalog': { en: 'The trailer’s /Root is not a document catalog.', ja: 'トレーラーの /Root が文書カタログではありません。' },
  'no-page-tree': { en: 'The document catalog has no page tree (/Pages).', ja: '文書カタログにページツリー（/Pages）がありません。' },
  'page-tree-cycle': { en: 'The page tree contains itself (a cycle).', ja: 'ページツリーが自分自身を含んでいます（循環参照）。' },
  'page-tree-too-deep': { en: 'The page tree is nested too deeply.', ja: 'ページツリーの入れ子が深すぎます。' },
  'no-pages': { en: 'The document has no pages.', ja: 'ページがありません。' },
};

/** PDF_MALFORMED naming the defect (details[0].message), so a user or support can tell what is wrong with the file. */
export function pdfMalformed(defect: StructureDefect): AppError {
  const { en, ja } = STRUCTURE_DEFECTS[defect];
  return signingError('PDF_MALFORMED', [{ path: 'pdf', message: en, messageJa: ja }]);
}

export type ComplexityReason = 'inflation' | 'nesting' | 'memory' | 'time';

const COMPLEXITY: Record<ComplexityReason, (limit: string) => { en: string; ja: string }> = {
  inflation: (limit) => ({
    en: `Its compressed streams expand to more than ${limit}.`,
    ja: `圧縮されたデータを展開すると ${limit} を超えます。`,
  }),
  nesting: () => ({ en: 'Its objects are nested too deeply.', ja: 'オブジェクトの入れ子が深すぎます。' }),
  memory: (limit) => ({ en: `Reading it needs more than ${limit} of memory.`, ja: `読み取りに ${limit} を超えるメモリが必要です。` }),
  time: (limit) => ({ en: `Reading it takes longer than ${limit}.`, ja: `読み取りに ${limit} 以上かかります。` }),
};

/** PDF_TOO_COMPLEX saying which limit the file hit. */
export function pdfTooComplex(reason: ComplexityReason, limit = ''): AppError {
  const { en, ja } = COMPLEXITY[reason](limit);
  return signingError('PDF_TOO_COMPLEX', [{ path: 'pdf', message: en, messageJa: ja }]);
}

/** PDF_ACTIVE_CONTENT naming what was found, in the message and one detail per kind. */
export function pdfActiveContent(kinds: readonly ActiveContentKind[]): AppError {
  const { status } = SigningErrors.PDF_ACTIVE_CONTENT;
  const en = kinds.map((kind) => ActiveContentKinds[kind].en).join(', ');
  const ja = kinds.map((kind) => ActiveContentKinds[kind].ja).join('、');
  return new AppError({
    code: 'PDF_ACTIVE_CONTENT',
    status,
    message: {
      ja: `このPDFには動的なコンテンツ（${ja}）が含まれているため受け付けられません。それらを除いたPDFを作成してください。`,
      en: `This PDF contains active content (${en}) and cannot be accepted. Create the PDF without it.`,
    },
    details: kinds.map((kind) => ({
      path: 'pdf',
      message: `Found: ${ActiveContentKinds[kind].en}.`,
      messageJa: `検出: ${ActiveContentKinds[kind].ja}`,
    })),
  });
}
