import { errorFactory } from '@app/contracts';

/** Refusals of 案件管理, each naming its rule in Japanese and English. */
export const MatterErrors = {
  MATTER_OPTION_REQUIRED: {
    status: 403,
    ja: '案件管理は、片方課金プランで案件管理オプションをご契約の企業のみご利用いただけます。',
    en: 'Matters are available only to companies on the one-side-pays plan (ONE_SIDE) with the matter option (MATTER).',
  },
  MATTER_ROLE_REQUIRED: {
    status: 403,
    ja: '案件の登録・変更・削除には、登録担当者・受取担当者・管理者のいずれかの役割が必要です。',
    en: 'Creating, changing or deleting a matter needs the registrant, recipient or administrator role.',
  },
  MATTER_NOT_FOUND: {
    status: 404,
    ja: '案件が見つかりません。自社の案件を指定してください。',
    en: 'The matter was not found. Name one of your own company’s matters.',
  },
  MATTER_CODE_TAKEN: {
    status: 409,
    ja: 'この案件コードは自社の別の案件で使われています。',
    en: 'Another matter of your company already has this code.',
  },
  MATTER_IN_USE: {
    status: 409,
    ja: 'この案件には契約文書が紐づいているため削除できません。',
    en: 'Contracts are linked to this matter, so it cannot be deleted.',
  },
} as const;

export const matterError = errorFactory(MatterErrors);
