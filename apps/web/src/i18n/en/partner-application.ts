/** Partner application (partner-only plan): the page of the invitation mail's link, no login. */
export default {
  title: 'Apply as a partner',
  lead: 'Application for the partner-only plan, invited by {{company}} (valid until {{expiresAt}}).',
  checking: 'Checking the link…',
  companyName: 'Company name',
  administrator: 'Administrator ID (person)',
  name: 'Name',
  email: 'E-mail address',
  department: 'Department',
  language: 'Language',
  submit: 'Apply',
  done: 'Received. Company ID {{companyId}} and administrator ID {{administratorId}} were registered; the ID and the initial login password were mailed separately.',
  noToken: 'Open this page with the link of the mail "Your invitation to apply for inkan".',
  toLogin: 'Go to login',
} as const;
