import { MailTemplate, MailTemplates } from '@app/contracts';

export interface TemplateSample {
  template: MailTemplate;
  params: Record<string, unknown>;
  /** The secret in clear, for the secret templates. */
  secret?: string;
  /** Values the body must show, in both languages. */
  shows: string[];
  subject: { ja: string; en: string };
}

const document = { documentNumber: '0000000283', contractName: '外壁改修工事 請負契約書', counterpartyName: '株式会社 山田建設' };
const documentShows = ['0000000283', '外壁改修工事 請負契約書', '株式会社 山田建設', '/contracts/0000000283'];

/** One sample request per template, with what its mail must say. */
export const TEMPLATE_SAMPLES: TemplateSample[] = [
  {
    template: MailTemplates.userRegistered,
    params: { userId: 'U000027', companyName: '株式会社 田中工務店' },
    shows: ['U000027', '株式会社 田中工務店', '/login'],
    subject: { ja: '【inkanサービス】サービス利用者登録完了のお知らせ', en: '[inkan] Your user registration is complete' },
  },
  {
    template: MailTemplates.initialPassword,
    params: { userId: 'U000027', reason: 'registered' },
    secret: "Init-9x!'pw",
    shows: ['U000027', '/login'],
    subject: { ja: '【inkanサービス】初回ログインパスワードのお知らせ', en: '[inkan] Your initial login password' },
  },
  {
    template: MailTemplates.certificatePin,
    params: { certificateSerial: '0A1B2C3D', certificateSubject: 'CN=田中 太郎, O=株式会社 田中工務店' },
    secret: '48213977',
    shows: ['0A1B2C3D', 'CN=田中 太郎, O=株式会社 田中工務店', '/certificates'],
    subject: { ja: '【inkanサービス】PIN のお知らせ', en: '[inkan] Your certificate PIN' },
  },
  {
    template: MailTemplates.signingPassword,
    params: { expiresAt: '2026-11-25T06:30:00Z', documentNumbers: ['0000000283', '0000000284'] },
    secret: 'sign-7Qz2#k',
    shows: ['0000000283', '0000000284', '2026'],
    subject: { ja: '【inkanサービス】署名用パスワード 発行のお知らせ', en: '[inkan] Your signing password' },
  },
  {
    template: MailTemplates.signatureRequest,
    params: document,
    shows: documentShows,
    subject: { ja: '【inkanサービス】契約文書 署名依頼のお知らせ', en: '[inkan] A contract awaits your signature' },
  },
  {
    template: MailTemplates.receiptRequest,
    params: document,
    shows: documentShows,
    subject: { ja: '【inkanサービス】契約文書 受取依頼のお知らせ', en: '[inkan] A contract has arrived for you' },
  },
  {
    template: MailTemplates.approvalRequest,
    params: document,
    shows: documentShows,
    subject: { ja: '【inkanサービス】契約文書 承認依頼のお知らせ', en: '[inkan] A contract awaits your approval' },
  },
  {
    template: MailTemplates.returned,
    params: { ...document, returnedBy: '佐藤 花子', comment: '金額を確認してください' },
    shows: [...documentShows, '佐藤 花子', '金額を確認してください'],
    subject: { ja: '【inkanサービス】契約文書 差戻しのお知らせ', en: '[inkan] A contract was returned' },
  },
  {
    template: MailTemplates.declined,
    params: { ...document, comment: '契約条件が異なります' },
    shows: [...documentShows, '契約条件が異なります'],
    subject: { ja: '【inkanサービス】契約文書 受取拒否のお知らせ', en: '[inkan] A contract was declined' },
  },
  {
    template: MailTemplates.concluded,
    params: { ...document, concludedAt: '2026-11-24T23:05:00Z' },
    shows: [...documentShows, '2026'],
    subject: { ja: '【inkanサービス】契約締結完了のお知らせ', en: '[inkan] A contract has been concluded' },
  },
  {
    template: MailTemplates.accountLocked,
    params: { userId: 'U000031', lockedAt: '2026-11-25T01:00:00Z' },
    shows: ['U000031', '/login'],
    subject: { ja: '【inkanサービス】利用者IDロックのお知らせ', en: '[inkan] Your account has been locked' },
  },
  {
    template: MailTemplates.certificateLocked,
    params: {
      userId: 'U000031',
      certificateSerial: '5A3F09C1',
      certificateSubject: 'CN=田中 誠, O=発注建設株式会社',
      lockedAt: '2026-11-25T01:00:00Z',
    },
    shows: ['U000031', '5A3F09C1', 'CN=田中 誠, O=発注建設株式会社', '/certificates'],
    subject: { ja: '【inkanサービス】証明書ロックのお知らせ', en: '[inkan] Your certificate has been locked' },
  },
  {
    template: MailTemplates.partnerInvitation,
    params: { invitingCompanyName: '大成ゼネコン株式会社', expiresAt: '2026-11-28T00:00:00Z' },
    secret: 'https://inkan.example/apply?token=inv-9f8e7d6c5b4a',
    shows: ['大成ゼネコン株式会社'],
    subject: { ja: '【inkanサービス】利用申請サイトのお知らせ', en: '[inkan] Your invitation to apply for inkan' },
  },
  {
    template: MailTemplates.passwordReset,
    params: { userId: 'U000031', expiresAt: '2026-11-25T01:30:00Z' },
    secret: 'https://inkan.example/password-reset/rst-1a2b3c4d5e6f',
    shows: ['U000031', 'https://inkan.example/password-reset/rst-1a2b3c4d5e6f'],
    subject: { ja: '【inkanサービス】パスワード再設定のお知らせ', en: '[inkan] Reset your password' },
  },
  {
    template: MailTemplates.bulkSignSummary,
    params: { total: 3, signed: 2, failed: [{ documentNumber: '0000000290', reason: 'certificate expired' }] },
    shows: ['0000000290', 'certificate expired'],
    subject: { ja: '【inkanサービス】一括署名 完了のお知らせ', en: '[inkan] Bulk signing has finished' },
  },
  {
    template: MailTemplates.bulkSignConcluded,
    params: {
      counterpartyName: '株式会社 山田建設',
      contracts: [
        { documentNumber: '0000000291', contractName: '外壁改修工事 請負契約書', concludedAt: '2026-11-24T23:05:00Z' },
        { documentNumber: '0000000292', contractName: '内装工事 請負契約書', concludedAt: '2026-11-24T23:05:00Z' },
      ],
    },
    shows: ['株式会社 山田建設', '0000000291', '外壁改修工事 請負契約書', '0000000292', '内装工事 請負契約書'],
    subject: { ja: '【inkanサービス】契約締結完了のお知らせ（2件）', en: '[inkan] 2 contracts have been concluded' },
  },
  {
    template: MailTemplates.longTermExpiring,
    params: {
      documents: [
        {
          documentNumber: '0000000293',
          contractName: '外壁改修工事 請負契約書',
          counterpartyName: '株式会社 山田建設',
          proofUntil: '2026-11-24T23:05:00Z',
        },
      ],
    },
    shows: ['0000000293', '外壁改修工事 請負契約書', '株式会社 山田建設'],
    subject: { ja: '【inkanサービス】長期保管期限のお知らせ（1件）', en: "[inkan] A long-term stored document's proof period is ending" },
  },
];

/** Local times the samples above must show (Japan time: UTC+9). */
export const SAMPLE_TIMES: Partial<Record<MailTemplate, { ja: string; en: string }>> = {
  [MailTemplates.signingPassword]: { ja: '2026/11/25 15:30（日本時間）', en: '2026-11-25 15:30 JST' },
  [MailTemplates.concluded]: { ja: '2026/11/25 08:05（日本時間）', en: '2026-11-25 08:05 JST' },
  [MailTemplates.bulkSignConcluded]: { ja: '2026/11/25 08:05（日本時間）', en: '2026-11-25 08:05 JST' },
  [MailTemplates.longTermExpiring]: { ja: '2026/11/25 08:05（日本時間）', en: '2026-11-25 08:05 JST' },
  [MailTemplates.accountLocked]: { ja: '2026/11/25 10:00（日本時間）', en: '2026-11-25 10:00 JST' },
  [MailTemplates.certificateLocked]: { ja: '2026/11/25 10:00（日本時間）', en: '2026-11-25 10:00 JST' },
  [MailTemplates.partnerInvitation]: { ja: '2026/11/28 09:00（日本時間）', en: '2026-11-28 09:00 JST' },
  [MailTemplates.passwordReset]: { ja: '2026/11/25 10:30（日本時間）', en: '2026-11-25 10:30 JST' },
};
