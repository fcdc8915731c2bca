/** The frame around every screen: header, menu, footer, and the screens still to come. */
export default {
  skipToContent: '本文へ移動',
  menuLabel: 'メニュー',
  logout: 'ログアウト',
  footer: {
    copyright: 'Copyright © inkan（印鑑）contributors. Apache License 2.0.',
    status: '稼働状況',
  },
  menu: {
    top: 'トップページ',
    contracts: '契約締結',
    contractRegister: '契約文書登録',
    contractsSent: '送信済み一覧',
    contractsReceived: '受信一覧',
    bulkSign: '契約文書一括署名（受取）',
    templates: 'テンプレート管理',
    matters: '案件',
    archive: '長期保管文書',
    certificates: '証明書管理',
    certificateList: '証明書一覧',
    certificateActivation: '証明書有効性確認',
    users: '利用者管理',
    notices: 'お知らせ管理',
    settings: '個人設定',
    passwordChange: 'パスワード変更',
    language: '言語',
    email: 'メールアドレス',
    companies: '企業管理',
    invitations: '取引先招待',
  },
  placeholder: {
    body: 'この画面は準備中です。',
  },
  notFound: {
    title: 'ページが見つかりません',
    body: 'お探しのページは見つかりませんでした。URLをご確認ください。',
  },
  operatorTop: {
    title: 'トップページ',
    lead: '運営者コンソールです。上のメニューから操作を選んでください。',
  },
  passwordReset: { title: 'パスワードを忘れた場合' },
} as const;
