import { Block, Frame, requireSecret, TemplateSet } from './mail-content';
import { formatTime } from './formatting';

/** The English subjects mirror the Japanese ones, with `[inkan]` in place of 【inkanサービス】. */
const PREFIX = '[inkan] ';

const documentFields = (params: { documentNumber: string; contractName: string; counterpartyName: string }): Block => ({
  kind: 'fields',
  fields: [
    ['Document number', params.documentNumber],
    ['Contract', params.contractName],
    ['Counterparty', params.counterpartyName],
  ],
});

const comment = (text: string | undefined): Block[] => (text ? [{ kind: 'text', text: `Comment: ${text}` }] : []);

export const enFrame: Frame = {
  greeting: (name) => `Dear ${name},`,
  closing: [
    'This mail was sent from an address that cannot receive replies.',
    'If you did not expect it, please delete it.',
    '--',
    'inkan',
  ],
};

export const enTemplates: TemplateSet = {
  'user-registered': (params, { links }) => ({
    subject: `${PREFIX}Your user registration is complete`,
    blocks: [
      { kind: 'text', text: 'You have been registered as a user of inkan. Here is your user ID.' },
      {
        kind: 'fields',
        fields: [
          ['Company', params.companyName],
          ['User ID', params.userId],
        ],
      },
      { kind: 'text', text: 'Your login password follows in a separate mail, "Your initial login password".' },
      { kind: 'link', label: 'Log in', url: links.login },
    ],
  }),

  'initial-password': (params, context) => ({
    subject: params.reason === 'reset' ? `${PREFIX}Your login password has been reset` : `${PREFIX}Your initial login password`,
    blocks: [
      {
        kind: 'text',
        text:
          params.reason === 'reset'
            ? `A new login password has been issued for user ID ${params.userId}.`
            : `Here is the initial login password of user ID ${params.userId}.`,
      },
      { kind: 'secret', label: 'Login password', value: requireSecret(context) },
      { kind: 'text', text: 'After logging in, choose a new password on the password change screen.' },
      {
        kind: 'text',
        text: "A new password needs at least 8 characters, with letters, digits and symbols (allowed symbols: ! # $ % & ' - _).",
      },
      { kind: 'link', label: 'Log in', url: context.links.login },
    ],
  }),

  'certificate-pin': (params, context) => ({
    subject: `${PREFIX}Your certificate PIN`,
    blocks: [
      { kind: 'text', text: 'Your signing certificate has been issued. Here is its PIN.' },
      {
        kind: 'fields',
        fields: [
          ['Certificate', params.certificateSubject],
          ['Serial number', params.certificateSerial],
        ],
      },
      { kind: 'secret', label: 'Certificate PIN', value: requireSecret(context) },
      {
        kind: 'text',
        text: 'Before signing, activate the certificate once: menu Certificates → Check certificate validity, choose it, then enter the PIN and your login password.',
      },
      { kind: 'link', label: 'Certificates', url: context.links.certificates },
    ],
  }),

  'signing-password': (params, context) => ({
    subject: `${PREFIX}Your signing password`,
    blocks: [
      { kind: 'text', text: 'A signing password has been issued for signing contract documents.' },
      { kind: 'secret', label: 'Signing password', value: requireSecret(context) },
      { kind: 'fields', fields: [['Valid until', formatTime(params.expiresAt, 'en')]] },
      { kind: 'list', title: `Documents (${params.documentNumbers.length})`, items: params.documentNumbers },
      { kind: 'text', text: 'The signing password can be used once only.' },
      { kind: 'link', label: 'Top page', url: context.links.top },
    ],
  }),

  'signature-request': (params, { links }) => ({
    subject: `${PREFIX}A contract awaits your signature`,
    blocks: [
      { kind: 'text', text: 'A contract document needs your signature. Please review it and sign.' },
      documentFields(params),
      { kind: 'link', label: 'Open the document', url: links.document(params.documentNumber) },
    ],
  }),

  'receipt-request': (params, { links }) => ({
    subject: `${PREFIX}A contract has arrived for you`,
    blocks: [
      { kind: 'text', text: `${params.counterpartyName} has sent you a contract document. Please review it and confirm its receipt.` },
      documentFields(params),
      { kind: 'link', label: 'Open the document', url: links.document(params.documentNumber) },
    ],
  }),

  'approval-request': (params, { links }) => ({
    subject: `${PREFIX}A contract awaits your approval`,
    blocks: [
      { kind: 'text', text: 'A contract document needs your approval. Please review it, then approve or return it.' },
      documentFields(params),
      { kind: 'link', label: 'Open the document', url: links.document(params.documentNumber) },
    ],
  }),

  returned: (params, { links }) => ({
    subject: `${PREFIX}A contract was returned`,
    blocks: [
      { kind: 'text', text: `${params.returnedBy} returned a contract document. Please set its route again or withdraw it.` },
      documentFields(params),
      ...comment(params.comment),
      { kind: 'link', label: 'Open the document', url: links.document(params.documentNumber) },
    ],
  }),

  declined: (params, { links }) => ({
    subject: `${PREFIX}A contract was declined`,
    blocks: [
      { kind: 'text', text: `${params.counterpartyName} declined to receive a contract document.` },
      documentFields(params),
      ...comment(params.comment),
      { kind: 'link', label: 'Open the document', url: links.document(params.documentNumber) },
    ],
  }),

  concluded: (params, { links }) => ({
    subject: `${PREFIX}A contract has been concluded`,
    blocks: [
      { kind: 'text', text: 'Both companies have signed: the contract is concluded and kept as a long-term stored document.' },
      documentFields(params),
      { kind: 'fields', fields: [['Concluded at', formatTime(params.concludedAt, 'en')]] },
      { kind: 'link', label: 'Open the document', url: links.document(params.documentNumber) },
    ],
  }),

  'account-locked': (params, { links }) => ({
    subject: `${PREFIX}Your account has been locked`,
    blocks: [
      {
        kind: 'text',
        text: `User ID ${params.userId} was locked at ${formatTime(params.lockedAt, 'en')} after repeated wrong passwords.`,
      },
      { kind: 'text', text: "Please ask your company's administrator to unlock it, and tell them if it was not you." },
      { kind: 'link', label: 'Log in', url: links.login },
    ],
  }),

  'certificate-locked': (params, { links }) => ({
    subject: `${PREFIX}Your certificate has been locked`,
    blocks: [
      {
        kind: 'text',
        text: `After repeated wrong PINs or login passwords at certificate activation, this certificate was locked for user ID ${params.userId} at ${formatTime(params.lockedAt, 'en')}.`,
      },
      {
        kind: 'fields',
        fields: [
          ['Certificate', params.certificateSubject],
          ['Serial number', params.certificateSerial],
        ],
      },
      {
        kind: 'text',
        text: "Please ask your company's administrator to unlock it (Certificates → Unlock PIN), and tell them if it was not you.",
      },
      { kind: 'link', label: 'Certificates', url: links.certificates },
    ],
  }),

  'partner-invitation': (params, context) => ({
    subject: `${PREFIX}Your invitation to apply for inkan`,
    blocks: [
      {
        kind: 'text',
        text: `${params.invitingCompanyName} invites you to use inkan (partner-only plan). Please apply online on the application site below.`,
      },
      { kind: 'link', label: 'Application site', url: requireSecret(context) },
      { kind: 'fields', fields: [['Valid until', formatTime(params.expiresAt, 'en')]] },
      { kind: 'text', text: 'This link works once only. Please do not forward it.' },
    ],
  }),

  'password-reset': (params, context) => ({
    subject: `${PREFIX}Reset your password`,
    blocks: [
      {
        kind: 'text',
        text: `We received a request to reset the password of user ID ${params.userId}. Set a new password with the link below.`,
      },
      { kind: 'link', label: 'Reset password', url: requireSecret(context) },
      { kind: 'fields', fields: [['Valid until', formatTime(params.expiresAt, 'en')]] },
      { kind: 'text', text: 'This link works once only. Please do not forward it.' },
      { kind: 'text', text: 'If you did not ask for this, ignore this mail; your password stays as it is.' },
    ],
  }),

  'bulk-sign-summary': (params, { links }) => ({
    subject: `${PREFIX}Bulk signing has finished`,
    blocks: [
      { kind: 'text', text: 'Bulk signing (receipt) of your contract documents has finished.' },
      {
        kind: 'fields',
        fields: [
          ['Selected', String(params.total)],
          ['Signed', String(params.signed)],
          ['Not signed', String(params.failed.length)],
        ],
      },
      ...(params.failed.length > 0
        ? [{ kind: 'list', title: 'Not signed', items: params.failed.map((f) => `${f.documentNumber}: ${f.reason}`) } as const]
        : []),
      { kind: 'link', label: 'Top page', url: links.top },
    ],
  }),

  'bulk-sign-concluded': (params, { links }) => ({
    subject:
      params.contracts.length === 1
        ? `${PREFIX}A contract has been concluded`
        : `${PREFIX}${params.contracts.length} contracts have been concluded`,
    blocks: [
      {
        kind: 'text',
        text: `${params.counterpartyName} signed these contracts by bulk signing: they are concluded and kept as long-term stored documents.`,
      },
      {
        kind: 'fields',
        fields: [
          ['Counterparty', params.counterpartyName],
          ['Concluded', String(params.contracts.length)],
        ],
      },
      {
        kind: 'list',
        title: 'Concluded contracts',
        items: params.contracts.map((c) => `${c.documentNumber}: ${c.contractName} (concluded ${formatTime(c.concludedAt, 'en')})`),
      },
      { kind: 'link', label: 'Top page', url: links.top },
    ],
  }),

  'long-term-expiring': (params, { links }) => ({
    subject:
      params.documents.length === 1
        ? `${PREFIX}A long-term stored document's proof period is ending`
        : `${PREFIX}${params.documents.length} long-term stored documents' proof periods are ending`,
    blocks: [
      {
        kind: 'text',
        text: 'The proof period of these long-term stored documents ends soon. After it, nothing proves that their signatures were valid.',
      },
      {
        kind: 'list',
        title: 'Documents',
        items: params.documents.map(
          (d) =>
            `${d.documentNumber}: ${d.contractName} (counterparty ${d.counterpartyName}, proof until ${formatTime(d.proofUntil, 'en')})`,
        ),
      },
      {
        kind: 'text',
        text: 'With the long-term storage extension option, the platform adds a new ten-year long-term signature before the end, extending the proof period by ten years.',
      },
      { kind: 'link', label: 'Top page', url: links.top },
    ],
  }),
};
