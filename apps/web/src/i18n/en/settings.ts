/** 個人設定: パスワード変更, 言語. */
export default {
  password: {
    title: 'Change password',
    required: 'After your first login or a password reset, please change your password first.',
    rule: "The new password must be at least 8 characters and contain ASCII letters, digits and symbols. Allowed symbols: ! # $ % & ' - _ only. Easily guessed passwords are refused.",
    current: 'Current password',
    new: 'New password',
    confirmation: 'New password (again)',
    mismatch: 'The new password and its confirmation differ.',
    completed: 'Your password was changed. Please log in again with the new password.',
  },
  language: {
    title: 'Language',
    label: 'Display language',
    saved: 'The language was changed.',
  },
} as const;
