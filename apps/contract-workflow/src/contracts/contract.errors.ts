import { errorFactory } from '@app/contracts';

/** Refusals of the contract workflow, each naming its rule in Japanese and English. */
export const ContractErrors = {
  COMMAND_NOT_ALLOWED: {
    status: 409,
    ja: '現在のステータスではこの操作はできません。',
    en: 'This action is not allowed in the contract’s current status.',
  },
  NOT_YOUR_TURN: {
    status: 403,
    ja: 'この操作を行えるのは現在の担当者のみです。',
    en: 'Only the person whose turn it is can do this.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    ja: 'この Idempotency-Key は別の内容の登録に使用済みです。新しいキーで登録してください。',
    en: 'This Idempotency-Key was already used for a different registration. Use a new key.',
  },
  REGISTRANT_ROLE_REQUIRED: {
    status: 403,
    ja: '契約文書の登録には登録担当者の役割が必要です。',
    en: 'Registering a contract needs the registrant role.',
  },
  COUNTERPARTY_INVALID: {
    status: 400,
    ja: '取引先企業が見つからないか、自社を取引先に指定しています。',
    en: 'The counterparty company does not exist, or it is your own company.',
  },
  RECIPIENT_INVALID: {
    status: 400,
    ja: '受取担当者は、取引先企業の有効な利用者IDで受取担当者の役割を持つ必要があります。',
    en: 'The recipient must be an active user ID of the counterparty company with the recipient role.',
  },
  ROUTE_USER_INVALID: {
    status: 400,
    ja: '回覧先には自社の有効な利用者IDを指定し、承認者には承認者の役割、署名者には署名者の役割が必要です。',
    en: 'Route users must be active user IDs of your company; approvers need the approver role and the signer the signer role.',
  },
  PLAN_PAIR_NOT_ALLOWED: {
    status: 400,
    ja: '自社と取引先企業のプランの組み合わせでは契約を登録できません。どちらかの企業がプランを変更する必要があります。',
    en: 'Contracts between these two companies’ plans are not allowed; one of them must change plan.',
  },
  CONTRACT_CHANGED: {
    status: 409,
    ja: '他の操作により契約文書が更新されました。画面を再読み込みしてください。',
    en: 'The contract was changed by another action. Reload and try again.',
  },
} as const;

export const contractError = errorFactory(ContractErrors);
