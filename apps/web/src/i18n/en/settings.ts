/** Personal settings: password, language, e-mail address. */
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
    savedForUser: 'The language was changed. Screens and mails now use it.',
  },
  email: {
    title: 'E-mail address',
    lead: 'Notification mails (password reset links included) go to this address. Changing it needs your login password.',
    current: 'Current e-mail address',
    new: 'New e-mail address',
    password: 'Login password',
    saved: 'The e-mail address was changed.',
    operatorOnly: "An operator's e-mail address is changed by another operator.",
  },
} as const;
