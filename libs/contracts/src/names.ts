/**
 * The one registry of every name that crosses a process boundary.
 * Handlers, clients, the outbox and tests refer to these constants only.
 */
export const Services = {
  identity: 'identity',
  contractWorkflow: 'contract-workflow',
  signing: 'signing',
  notification: 'notification',
} as const;
export type ServiceName = (typeof Services)[keyof typeof Services];
export const ALL_SERVICES: readonly ServiceName[] = Object.values(Services);

/** Request/response patterns, each answered by exactly one service. */
export const Patterns = {
  identity: {
    ping: 'identity.ping',
    createCompany: 'identity.companies.create',
    updateCompany: 'identity.companies.update',
    getCompany: 'identity.companies.get',
    listCompanies: 'identity.companies.list',
    /** Internal: companies' options and 管理用ID (the 長期保管延長 renewal job). */
    companyContacts: 'identity.companies.contacts',
    registerUser: 'identity.users.register',
    updateUser: 'identity.users.update',
    getUser: 'identity.users.get',
    searchUsers: 'identity.users.search',
    disableUser: 'identity.users.disable',
    enableUser: 'identity.users.enable',
    unlockUser: 'identity.users.unlock',
    resetUserPassword: 'identity.users.reset-password',
    createInvitation: 'identity.invitations.create',
    inspectInvitation: 'identity.invitations.inspect',
    acceptInvitation: 'identity.invitations.accept',
    login: 'identity.sessions.login',
    authenticateSession: 'identity.sessions.authenticate',
    endSession: 'identity.sessions.end',
    changePassword: 'identity.passwords.change',
    createApiToken: 'identity.api-tokens.create',
    listApiTokens: 'identity.api-tokens.list',
    revokeApiToken: 'identity.api-tokens.revoke',
    authenticateApiToken: 'identity.api-tokens.authenticate',
    verifyPassword: 'identity.passwords.verify',
    userContact: 'identity.users.contact',
    routeCandidates: 'identity.users.route-candidates',
    currentNotices: 'identity.notices.current',
    listManagedNotices: 'identity.notices.managed',
    createNotice: 'identity.notices.create',
    updateNotice: 'identity.notices.update',
    withdrawNotice: 'identity.notices.withdraw',
    requestPasswordReset: 'identity.password-resets.request',
    completePasswordReset: 'identity.password-resets.complete',
    getOwnProfile: 'identity.profile.get',
    updateOwnProfile: 'identity.profile.update',
  },
  contractWorkflow: {
    ping: 'contract-workflow.ping',
    registerContract: 'contract-workflow.contracts.register',
    submitContract: 'contract-workflow.contracts.submit',
    approveContract: 'contract-workflow.contracts.approve',
    returnContract: 'contract-workflow.contracts.return',
    rerouteContract: 'contract-workflow.contracts.reroute',
    receiveContract: 'contract-workflow.contracts.receive',
    declineContract: 'contract-workflow.contracts.decline',
    withdrawContract: 'contract-workflow.contracts.withdraw',
    signContract: 'contract-workflow.contracts.sign',
    getContract: 'contract-workflow.contracts.get',
    listContracts: 'contract-workflow.contracts.list',
    getContractPdf: 'contract-workflow.contracts.pdf',
    reissueSigningPassword: 'contract-workflow.contracts.signing-password',
    billingUsage: 'contract-workflow.billing.usage',
    auditTrail: 'contract-workflow.audit.get',
    auditPdf: 'contract-workflow.audit.pdf',
    auditVerify: 'contract-workflow.audit.verify',
    createWebhook: 'contract-workflow.webhooks.create',
    listWebhooks: 'contract-workflow.webhooks.list',
    deleteWebhook: 'contract-workflow.webhooks.delete',
    listWebhookDeliveries: 'contract-workflow.webhooks.deliveries',
    redeliverWebhook: 'contract-workflow.webhooks.redeliver',
    searchArchive: 'contract-workflow.archive.search',
    getArchivedContract: 'contract-workflow.archive.get',
    archivedContractPdf: 'contract-workflow.archive.pdf',
    archivedContractValidation: 'contract-workflow.archive.validation',
    createMatter: 'contract-workflow.matters.create',
    listMatters: 'contract-workflow.matters.list',
    getMatter: 'contract-workflow.matters.get',
    updateMatter: 'contract-workflow.matters.update',
    deleteMatter: 'contract-workflow.matters.delete',
    listMatterContracts: 'contract-workflow.matters.contracts',
    createTemplate: 'contract-workflow.templates.create',
    listTemplates: 'contract-workflow.templates.list',
    getTemplate: 'contract-workflow.templates.get',
    replaceTemplate: 'contract-workflow.templates.replace',
    deleteTemplate: 'contract-workflow.templates.delete',
    bulkSignCandidates: 'contract-workflow.bulk-sign.candidates',
    createBulkSignSession: 'contract-workflow.bulk-sign.create',
    executeBulkSign: 'contract-workflow.bulk-sign.execute',
    getBulkSignSession: 'contract-workflow.bulk-sign.get',
  },
  signing: {
    ping: 'signing.ping',
    issueCertificate: 'signing.certificates.issue',
    linkCertificate: 'signing.certificates.link',
    listCertificates: 'signing.certificates.list',
    activateCertificate: 'signing.certificates.activate',
    revokeCertificate: 'signing.certificates.revoke',
    unlockCertificate: 'signing.certificates.unlock',
    issueSigningPassword: 'signing.signing-passwords.issue',
    prepareDocument: 'signing.documents.prepare',
    signDocument: 'signing.documents.sign',
    validateDocument: 'signing.documents.validate',
    timestamp: 'signing.tsa.timestamp',
    crl: 'signing.crl.get',
    ocsp: 'signing.ocsp.respond',
    caCertificates: 'signing.ca.certificates',
    startBulkSign: 'signing.bulk-sign.start',
  },
  notification: { ping: 'notification.ping', listDeliveries: 'notification.deliveries.list' },
} as const;

/** Events: facts that happened, published through a service's outbox. */
export const Events = {
  notificationRequested: 'notification.requested',
  contractRegistered: 'contract.registered',
  contractSent: 'contract.sent',
  contractReceived: 'contract.received',
  contractApproved: 'contract.approved',
  contractReturned: 'contract.returned',
  contractDeclined: 'contract.declined',
  contractWithdrawn: 'contract.withdrawn',
  contractSigned: 'contract.signed',
  contractConcluded: 'contract.concluded',
  /** A bulk-sign worker signed one document of a session (signing → contract-workflow). */
  bulkDocumentsSigned: 'signing.bulk-sign.documents-signed',
  /** A bulk-sign worker gave up on one document of a session (signing → contract-workflow). */
  bulkDocumentFailed: 'signing.bulk-sign.document-failed',
  /** Documents of a bulk-sign session finished, concluded or failed (contract-workflow → the gateway's progress streams). */
  bulkSessionProgressed: 'contract-workflow.bulk-sign.session-progressed',
  /** 長期保管延長: a signing worker stored a document's renewed PDF (signing → contract-workflow). */
  longTermRenewed: 'signing.long-term.renewed',
  /** 長期保管延長: a document's renewal gave up for now (signing → contract-workflow). */
  longTermRenewalFailed: 'signing.long-term.renewal-failed',
} as const;

/**
 * The contract.* event types a company can subscribe to with a webhook.
 * Webhook deliveries are written by the workflow in the transaction of the
 * state change (Webhooks.enqueue); they are not (yet) RabbitMQ events.
 */
export const ContractEventTypes = {
  registered: 'contract.registered',
  sent: 'contract.sent',
  received: 'contract.received',
  approved: 'contract.approved',
  returned: 'contract.returned',
  declined: 'contract.declined',
  withdrawn: 'contract.withdrawn',
  signed: 'contract.signed',
  concluded: 'contract.concluded',
} as const;

type ValuesOf<T> = T[keyof T];
export type RpcPattern = ValuesOf<{ [S in keyof typeof Patterns]: ValuesOf<(typeof Patterns)[S]> }>;
export type EventName = ValuesOf<typeof Events>;

/** Which services consume each event (a durable queue binding per pair). */
export const eventSubscribers: Record<EventName, readonly ServiceName[]> = {
  [Events.notificationRequested]: [Services.notification],
  // contract.* go to the events exchange for internal consumers (and to webhooks); no inkan service consumes them yet.
  [Events.contractRegistered]: [],
  [Events.contractSent]: [],
  [Events.contractReceived]: [],
  [Events.contractApproved]: [],
  [Events.contractReturned]: [],
  [Events.contractDeclined]: [],
  [Events.contractWithdrawn]: [],
  [Events.contractSigned]: [],
  [Events.contractConcluded]: [],
  [Events.bulkDocumentsSigned]: [Services.contractWorkflow],
  [Events.bulkDocumentFailed]: [Services.contractWorkflow],
  // No service consumes it: the gateway streams it (gatewayEvents).
  [Events.bulkSessionProgressed]: [],
  [Events.longTermRenewed]: [Services.contractWorkflow],
  [Events.longTermRenewalFailed]: [Services.contractWorkflow],
};

/**
 * Events the gateway streams to browsers (server-sent events). Each gateway
 * instance binds a queue of its own, exclusive and gone with its connection:
 * every instance must hear every event, as a stream may be open at any of
 * them, and an event no stream waited for is of no use later (a stream starts
 * from the state it reads when it opens). The gateway refuses to start if its
 * handlers do not match this list.
 */
export const gatewayEvents: readonly EventName[] = [Events.bulkSessionProgressed];

function ownedBy<P extends Record<string, RpcPattern>>(service: ServiceName, patterns: P): Record<P[keyof P], ServiceName> {
  return Object.fromEntries(Object.values(patterns).map((pattern) => [pattern, service])) as Record<P[keyof P], ServiceName>;
}

/** The service that answers each RPC pattern (its queue receives the request). */
export const patternOwner: Record<RpcPattern, ServiceName> = {
  ...ownedBy(Services.identity, Patterns.identity),
  ...ownedBy(Services.contractWorkflow, Patterns.contractWorkflow),
  ...ownedBy(Services.signing, Patterns.signing),
  [Patterns.notification.ping]: Services.notification,
  [Patterns.notification.listDeliveries]: Services.notification,
};

export type PingPattern = (typeof Patterns)[keyof typeof Patterns]['ping'];

export const pingPatternOf: Record<ServiceName, PingPattern> = {
  [Services.identity]: Patterns.identity.ping,
  [Services.contractWorkflow]: Patterns.contractWorkflow.ping,
  [Services.signing]: Patterns.signing.ping,
  [Services.notification]: Patterns.notification.ping,
};
