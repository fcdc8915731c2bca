/** Forgot your password: the reset link by mail, then the new password. */
export default {
  request: {
    title: 'Forgot your password?',
    lead: 'Enter your user ID and press Send. We mail a password reset link to the registered address (valid 30 minutes, once).',
    loginId: 'User ID',
    submit: 'Send',
    sent: 'Received. If the user ID is registered, the mail "Reset your password" is on its way; set a new password with its link. If no mail arrives or your ID is locked, ask your administrator.',
  },
  reset: {
    title: 'Reset password',
    lead: 'Enter your new password and press Confirm.',
    new: 'New password',
    confirmation: 'New password (again)',
    mismatch: 'The new password and its confirmation differ.',
    done: 'Your password was reset and every open session ended. Please log in with the new password.',
  },
  toLogin: 'Go to login',
} as const;
