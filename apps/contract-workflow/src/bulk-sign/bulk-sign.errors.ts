import { errorFactory } from '@app/contracts';

/** Refusals of 一括署名（受取）, each naming its rule in Japanese and English. */
export const BulkSignErrors = {
  BULK_SIGN_OPTION_REQUIRED: {
    status: 403,
    ja: '貴社は一括署名オプションを契約していないため、一括署名は利用できません。',
    en: 'Your company does not have the bulk-signing option, so bulk signing is not available.',
  },
  BULK_SIGN_USER_NOT_ENABLED: {
    status: 403,
    ja: 'この利用者IDは一括署名の利用が申請されていません。管理者に一括署名の設定を依頼してください。',
    en: 'This user ID is not enabled for bulk signing. Ask your administrator to enable it.',
  },
  BULK_SIGN_ROLES_REQUIRED: {
    status: 403,
    ja: '一括署名では、1つの利用者IDで受取担当者と署名者を兼ねることが必要です。',
    en: 'Bulk signing needs a user ID that is both recipient and signer.',
  },
  BULK_SIGN_CERTIFICATE_REQUIRED: {
    status: 403,
    ja: '有効性確認済みの証明書がありません。証明書管理で証明書有効性確認を行ってください。',
    en: 'You have no active certificate. Activate one under certificate management first.',
  },
  BULK_SIGN_TOO_MANY: {
    status: 400,
    ja: '一度に一括署名できる契約文書は200件までです。',
    en: 'At most 200 documents can be bulk-signed at once.',
  },
  BULK_SIGN_NOT_SELECTABLE: {
    status: 400,
    ja: '選択された契約文書の中に、マイリストにないもの、またはステータスが「受領側受取待ち」ではないものがあります。再度検索してください。',
    en: 'Some chosen documents are not in your my list or are no longer waiting for receipt (受領側受取待ち). Search again.',
  },
  BULK_SIGN_IN_PROGRESS: {
    status: 409,
    ja: 'この契約文書は一括署名の処理中です。処理が終わるまでお待ちください。',
    en: 'This document is being bulk-signed. Wait until that has finished.',
  },
  BULK_SIGN_SESSION_BUSY: {
    status: 409,
    ja: 'この一括署名は開始処理中です。しばらくしてから状況を確認してください。',
    en: 'This bulk signing is being started. Check its progress shortly.',
  },
} as const;

export const bulkSignError = errorFactory(BulkSignErrors);
