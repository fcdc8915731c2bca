import { errorFactory } from '@app/contracts';

/** Every refusal of the billing ledger, the audit trail and webhooks, in Japanese and English. */
export const LedgerErrors = {
  PLAN_PAIR_NOT_ALLOWED: {
    status: 400,
    ja: '取引先企業のプランでは契約を登録できません。取引先専用プランの企業は片方課金プランの企業とのみ契約できます。どちらかの企業がプランを変更する必要があります。',
    en: "A contract cannot be registered between these companies' plans: a partner-only (PARTNER_ONLY) company trades only with one-side-pays (ONE_SIDE) companies. One of the companies must change its plan.",
  },
  BILLING_COMPANY_REQUIRED: {
    status: 400,
    ja: '運営者が利用状況を照会するときは企業ID（companyId）を指定してください。',
    en: 'As the operator, name the company (companyId) whose usage you want to see.',
  },
  WEBHOOK_TARGET_NOT_PUBLIC: {
    status: 400,
    ja: 'WebhookのURLには、インターネット上の公開アドレス（またはそれだけに名前解決できるホスト名）を指定してください。ループバック・社内ネットワーク・文書例示用など特殊用途のアドレスや、名前解決できないホスト名は指定できません。',
    en: 'The webhook URL must point to a public internet address (or a host name that resolves only to such addresses); loopback, private-network, documentation and other special-purpose addresses, and names that do not resolve, are not allowed.',
  },
  WEBHOOK_DELETED: {
    status: 409,
    ja: 'このWebhookは削除されているため、再送できません。',
    en: 'This webhook was deleted; its deliveries cannot be sent again.',
  },
  WEBHOOK_DELIVERY_NOT_FAILED: {
    status: 409,
    ja: '再送できるのは送信失敗（failed）となった配信のみです。',
    en: 'Only a delivery that failed can be sent again.',
  },
  WEBHOOK_LIMIT_REACHED: {
    status: 409,
    ja: 'Webhookは1企業につき10件まで登録できます。不要なWebhookを削除してから登録してください。',
    en: 'A company can have at most 10 webhooks. Delete one you no longer need first.',
  },
} as const;
export type LedgerErrorCode = keyof typeof LedgerErrors;

export const ledgerError = errorFactory(LedgerErrors);
