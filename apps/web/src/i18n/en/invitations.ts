/** Partner invitations (administrator ID of a one-side-pays company). */
export default {
  title: 'Invite a partner',
  lead: 'Sends "Your invitation to apply for inkan" to the partner\'s address. The partner applies online for the partner-only plan with the mail\'s link (single use, expiring).',
  email: "Partner's e-mail address",
  language: 'Mail language',
  submit: 'Send the invitation',
  sent: 'The invitation was sent to {{email}} (valid until {{expiresAt}}).',
} as const;
