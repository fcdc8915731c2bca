/** The frame around every screen: header, menu, footer, and the screens still to come. */
export default {
  skipToContent: 'Skip to content',
  menuLabel: 'Menu',
  logout: 'Log out',
  footer: {
    copyright: 'Copyright © inkan contributors. Apache License 2.0.',
    status: 'System status',
  },
  menu: {
    top: 'Top page',
    contracts: 'Contracts',
    contractRegister: 'Register a contract',
    contractsSent: 'Sent',
    contractsReceived: 'Received',
    bulkSign: 'Bulk signing (received)',
    templates: 'Templates',
    matters: 'Matters',
    archive: 'Long-term storage',
    certificates: 'Certificates',
    certificateList: 'Certificate list',
    certificateActivation: 'Certificate activation',
    users: 'Users',
    notices: 'Notices',
    settings: 'Settings',
    passwordChange: 'Change password',
    language: 'Language',
    email: 'E-mail address',
    companies: 'Companies',
    invitations: 'Partner invitations',
  },
  placeholder: {
    body: 'This screen is not available yet.',
  },
  notFound: {
    title: 'Page not found',
    body: 'The page you were looking for was not found. Please check the URL.',
  },
  operatorTop: {
    title: 'Top page',
    lead: 'The operator console. Choose what to do from the menu above.',
  },
  passwordReset: { title: 'Forgot your password?' },
} as const;
