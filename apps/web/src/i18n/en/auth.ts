/** ログイン. */
export default {
  title: 'Log in',
  lead: '■ inkan log in',
  loginId: 'User ID',
  password: 'Password',
  submit: 'Log in',
  forgotPassword: 'Forgot your password?',
  sessionEnded: 'Your session has ended. Please log in again.',
} as const;
