/** ログイン. */
export default {
  title: 'ログイン',
  lead: '■ inkan ログイン',
  loginId: '利用者ID',
  password: 'パスワード',
  submit: 'ログイン',
  forgotPassword: 'パスワードを忘れた場合',
  sessionEnded: 'ログインの有効期限が切れたか、ログアウトされました。もう一度ログインしてください。',
} as const;
