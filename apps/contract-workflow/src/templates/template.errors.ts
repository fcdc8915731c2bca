import { errorFactory } from '@app/contracts';

/** Refusals of テンプレート管理, each naming its rule in Japanese and English. */
export const TemplateErrors = {
  TEMPLATE_ROLE_REQUIRED: {
    status: 403,
    ja: 'テンプレートの利用には登録担当者の役割が必要です。',
    en: 'Templates are for users with the registrant role.',
  },
  TEMPLATE_NOT_FOUND: {
    status: 404,
    ja: 'テンプレートが見つかりません。自社のテンプレートを指定してください。',
    en: 'The template was not found. Name one of your own company’s templates.',
  },
  TEMPLATE_NAME_TAKEN: {
    status: 409,
    ja: '同じ名前のテンプレートが自社にすでにあります。',
    en: 'Your company already has a template with this name.',
  },
} as const;

export const templateError = errorFactory(TemplateErrors);
