import { Block, Frame, requireSecret, TemplateSet } from './mail-content';
import { formatTime } from './formatting';

/** Subjects follow the modelled service's manual, with our product name in the 【】 prefix. */
const PREFIX = '【inkanサービス】';

const documentFields = (params: { documentNumber: string; contractName: string; counterpartyName: string }): Block => ({
  kind: 'fields',
  fields: [
    ['文書管理番号', params.documentNumber],
    ['契約文書名称', params.contractName],
    ['取引先企業名', params.counterpartyName],
  ],
});

const comment = (text: string | undefined): Block[] => (text ? [{ kind: 'text', text: `コメント：${text}` }] : []);

export const jaFrame: Frame = {
  greeting: (name) => `${name} 様`,
  closing: [
    '※このメールは送信専用のアドレスから送信しています。ご返信いただいてもお答えできません。',
    '※お心当たりのない場合は、このメールを破棄してください。',
    '――――――――――――――――――――',
    'inkanサービス',
  ],
};

export const jaTemplates: TemplateSet = {
  'user-registered': (params, { links }) => ({
    subject: `${PREFIX}サービス利用者登録完了のお知らせ`,
    blocks: [
      { kind: 'text', text: 'inkanサービスの利用者登録が完了しましたので、利用者IDをお知らせします。' },
      {
        kind: 'fields',
        fields: [
          ['企業名', params.companyName],
          ['利用者ID', params.userId],
        ],
      },
      { kind: 'text', text: 'ログインパスワードは、別のメール「初回ログインパスワードのお知らせ」でお知らせします。' },
      { kind: 'link', label: 'ログイン', url: links.login },
    ],
  }),

  'initial-password': (params, context) => ({
    subject: params.reason === 'reset' ? `${PREFIX}ログインパスワード再発行のお知らせ` : `${PREFIX}初回ログインパスワードのお知らせ`,
    blocks: [
      {
        kind: 'text',
        text:
          params.reason === 'reset'
            ? `利用者ID ${params.userId} のログインパスワードを再発行しました。`
            : `利用者ID ${params.userId} の初回ログインパスワードをお知らせします。`,
      },
      { kind: 'secret', label: 'ログインパスワード', value: requireSecret(context) },
      { kind: 'text', text: 'ログイン後、パスワード変更画面で新しいパスワードを設定してください。' },
      {
        kind: 'text',
        text: "新しいパスワードは8文字以上で、英字・数字・記号をすべて含めてください（使用できる記号は ! # $ % & ' - _ です）。",
      },
      { kind: 'link', label: 'ログイン', url: context.links.login },
    ],
  }),

  'certificate-pin': (params, context) => ({
    subject: `${PREFIX}PIN のお知らせ`,
    blocks: [
      { kind: 'text', text: '電子証明書が発行されましたので、証明書PINをお知らせします。' },
      {
        kind: 'fields',
        fields: [
          ['証明書', params.certificateSubject],
          ['シリアル番号', params.certificateSerial],
        ],
      },
      { kind: 'secret', label: '証明書PIN', value: requireSecret(context) },
      {
        kind: 'text',
        text: 'ご利用の前に、メニュー［証明書管理］→［証明書有効性確認］で証明書を選び、証明書PINとログインパスワードを入力して証明書を有効にしてください。',
      },
      { kind: 'link', label: '証明書管理', url: context.links.certificates },
    ],
  }),

  'signing-password': (params, context) => ({
    subject: `${PREFIX}署名用パスワード 発行のお知らせ`,
    blocks: [
      { kind: 'text', text: '契約文書への署名に使用する署名用パスワードを発行しました。' },
      { kind: 'secret', label: '署名用パスワード', value: requireSecret(context) },
      { kind: 'fields', fields: [['有効期限', formatTime(params.expiresAt, 'ja')]] },
      { kind: 'list', title: `対象文書（${params.documentNumbers.length}件）`, items: params.documentNumbers },
      { kind: 'text', text: '署名用パスワードは1回のみ使用できます。' },
      { kind: 'link', label: 'トップページ', url: context.links.top },
    ],
  }),

  'signature-request': (params, { links }) => ({
    subject: `${PREFIX}契約文書 署名依頼のお知らせ`,
    blocks: [
      { kind: 'text', text: '署名が必要な契約文書が届いています。内容をご確認のうえ、署名してください。' },
      documentFields(params),
      { kind: 'link', label: '契約文書を確認する', url: links.document(params.documentNumber) },
    ],
  }),

  'receipt-request': (params, { links }) => ({
    subject: `${PREFIX}契約文書 受取依頼のお知らせ`,
    blocks: [
      { kind: 'text', text: `${params.counterpartyName}から契約文書が届いています。内容をご確認のうえ、受取確認を行ってください。` },
      documentFields(params),
      { kind: 'link', label: '契約文書を確認する', url: links.document(params.documentNumber) },
    ],
  }),

  'approval-request': (params, { links }) => ({
    subject: `${PREFIX}契約文書 承認依頼のお知らせ`,
    blocks: [
      { kind: 'text', text: '承認が必要な契約文書が届いています。内容をご確認のうえ、承認または差戻しを行ってください。' },
      documentFields(params),
      { kind: 'link', label: '契約文書を確認する', url: links.document(params.documentNumber) },
    ],
  }),

  returned: (params, { links }) => ({
    subject: `${PREFIX}契約文書 差戻しのお知らせ`,
    blocks: [
      { kind: 'text', text: `契約文書が ${params.returnedBy} により差戻されました。回覧先を設定し直すか、取消してください。` },
      documentFields(params),
      ...comment(params.comment),
      { kind: 'link', label: '契約文書を確認する', url: links.document(params.documentNumber) },
    ],
  }),

  declined: (params, { links }) => ({
    subject: `${PREFIX}契約文書 受取拒否のお知らせ`,
    blocks: [
      { kind: 'text', text: `${params.counterpartyName}が契約文書の受取を拒否しました。` },
      documentFields(params),
      ...comment(params.comment),
      { kind: 'link', label: '契約文書を確認する', url: links.document(params.documentNumber) },
    ],
  }),

  concluded: (params, { links }) => ({
    subject: `${PREFIX}契約締結完了のお知らせ`,
    blocks: [
      { kind: 'text', text: '双方の署名が完了し、契約が締結されました。締結済の文書は長期保管文書として保管されます。' },
      documentFields(params),
      { kind: 'fields', fields: [['締結日時', formatTime(params.concludedAt, 'ja')]] },
      { kind: 'link', label: '契約文書を確認する', url: links.document(params.documentNumber) },
    ],
  }),

  'account-locked': (params, { links }) => ({
    subject: `${PREFIX}利用者IDロックのお知らせ`,
    blocks: [
      {
        kind: 'text',
        text: `誤ったパスワードが続けて入力されたため、利用者ID ${params.userId} をロックしました（${formatTime(params.lockedAt, 'ja')}）。`,
      },
      { kind: 'text', text: 'ロックの解除は、貴社の管理者にご依頼ください。お心当たりのない場合も、管理者にご連絡ください。' },
      { kind: 'link', label: 'ログイン', url: links.login },
    ],
  }),

  'certificate-locked': (params, { links }) => ({
    subject: `${PREFIX}証明書ロックのお知らせ`,
    blocks: [
      {
        kind: 'text',
        text: `証明書有効性確認で誤ったPINまたはログインパスワードが続けて入力されたため、利用者ID ${params.userId} によるこの電子証明書の利用をロックしました（${formatTime(params.lockedAt, 'ja')}）。`,
      },
      {
        kind: 'fields',
        fields: [
          ['証明書', params.certificateSubject],
          ['シリアル番号', params.certificateSerial],
        ],
      },
      {
        kind: 'text',
        text: 'ロックの解除は、貴社の管理者に［証明書一覧］のPINロック解除をご依頼ください。お心当たりのない場合も、管理者にご連絡ください。',
      },
      { kind: 'link', label: '証明書一覧', url: links.certificates },
    ],
  }),

  'partner-invitation': (params, context) => ({
    subject: `${PREFIX}利用申請サイトのお知らせ`,
    blocks: [
      {
        kind: 'text',
        text: `${params.invitingCompanyName}様より、inkanサービス（取引先専用プラン）のご利用についてご案内が届いています。以下の利用申請サイトから、オンラインでお申し込みください。`,
      },
      { kind: 'link', label: '利用申請サイト', url: requireSecret(context) },
      { kind: 'fields', fields: [['有効期限', formatTime(params.expiresAt, 'ja')]] },
      { kind: 'text', text: 'このリンクは1回のみ有効です。第三者に転送しないでください。' },
    ],
  }),

  'password-reset': (params, context) => ({
    subject: `${PREFIX}パスワード再設定のお知らせ`,
    blocks: [
      {
        kind: 'text',
        text: `利用者ID ${params.userId} のパスワード再設定のご依頼を受け付けました。以下のリンクから新しいパスワードを設定してください。`,
      },
      { kind: 'link', label: 'パスワード再設定', url: requireSecret(context) },
      { kind: 'fields', fields: [['有効期限', formatTime(params.expiresAt, 'ja')]] },
      { kind: 'text', text: 'このリンクは1回のみ有効です。第三者に転送しないでください。' },
      { kind: 'text', text: 'お心当たりのない場合は、このメールを破棄してください。パスワードは変更されません。' },
    ],
  }),

  'bulk-sign-summary': (params, { links }) => ({
    subject: `${PREFIX}一括署名 完了のお知らせ`,
    blocks: [
      { kind: 'text', text: '契約文書の一括署名（受取）が完了しました。' },
      {
        kind: 'fields',
        fields: [
          ['対象件数', `${params.total}件`],
          ['署名済', `${params.signed}件`],
          ['署名できなかった文書', `${params.failed.length}件`],
        ],
      },
      ...(params.failed.length > 0
        ? [{ kind: 'list', title: '署名できなかった文書', items: params.failed.map((f) => `${f.documentNumber}：${f.reason}`) } as const]
        : []),
      { kind: 'link', label: 'トップページ', url: links.top },
    ],
  }),

  'bulk-sign-concluded': (params, { links }) => ({
    subject: `${PREFIX}契約締結完了のお知らせ（${params.contracts.length}件）`,
    blocks: [
      {
        kind: 'text',
        text: `${params.counterpartyName}の一括署名により、次の契約が締結されました。締結済の文書は長期保管文書として保管されます。`,
      },
      {
        kind: 'fields',
        fields: [
          ['取引先企業名', params.counterpartyName],
          ['締結件数', `${params.contracts.length}件`],
        ],
      },
      {
        kind: 'list',
        title: '締結された契約文書',
        items: params.contracts.map((c) => `${c.documentNumber}：${c.contractName}（締結日時 ${formatTime(c.concludedAt, 'ja')}）`),
      },
      { kind: 'link', label: 'トップページ', url: links.top },
    ],
  }),

  'long-term-expiring': (params, { links }) => ({
    subject: `${PREFIX}長期保管期限のお知らせ（${params.documents.length}件）`,
    blocks: [
      {
        kind: 'text',
        text: '次の長期保管文書は、原本性保証期限が近づいています。期限を過ぎると、文書の原本性（署名が有効であったこと）を証明できなくなります。',
      },
      {
        kind: 'list',
        title: '対象の長期保管文書',
        items: params.documents.map(
          (d) =>
            `${d.documentNumber}：${d.contractName}（取引先企業名 ${d.counterpartyName}、原本性保証期限 ${formatTime(d.proofUntil, 'ja')}）`,
        ),
      },
      {
        kind: 'text',
        text: '長期保管延長オプションをお申し込みいただくと、期限前に10年有効な長期署名を付与し、原本性保証期限を更に10年延長します。',
      },
      { kind: 'link', label: 'トップページ', url: links.top },
    ],
  }),
};
