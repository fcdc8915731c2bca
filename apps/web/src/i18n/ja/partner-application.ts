/** 利用申請 (取引先専用プラン): the page of the invitation mail's link, no login. */
export default {
  title: '利用申請',
  lead: '{{company}} 様からの招待による、取引先専用プランの利用申請です（有効期限: {{expiresAt}}）。',
  checking: 'リンクを確認しています…',
  companyName: '企業名',
  administrator: '管理用ID（管理者）',
  name: '氏名',
  email: 'メールアドレス',
  department: '部署',
  language: '言語',
  submit: '申請',
  done: '申請を受け付けました。企業ID {{companyId}}、管理用ID {{administratorId}} を登録し、管理用IDと初回ログインパスワードを別々のメールでお知らせしました。',
  noToken: 'このページは、メール「利用申請サイトのお知らせ」のリンクから開いてください。',
  toLogin: 'ログイン画面へ',
} as const;
