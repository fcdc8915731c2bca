import { loadConfig } from '@app/config';
import { generateSealKeyPair, mailSecretContext, seal, sealPublicKey } from '@app/contracts';
import { DeliveryRow } from '../database/notification.schema';
import { MailComposer, smtpMessageIdFor, UnreadableSecretError } from './mail-composer';

describe('smtpMessageIdFor', () => {
  it('derives the same Message-ID from the same event, in the domain of MAIL_FROM', () => {
    const id = '0b6f9f7e-64d5-4c1e-9a43-2f5e4f1c9d10';
    expect(smtpMessageIdFor(id, 'inkan <no-reply@mail.example.jp>')).toBe(`<${id}@mail.example.jp>`);
    expect(smtpMessageIdFor(id, 'no-reply@mail.example.jp')).toBe(smtpMessageIdFor(id, 'inkan <no-reply@mail.example.jp>'));
  });

  it('hashes a message ID that is not safe in a Message-ID', () => {
    const messageId = smtpMessageIdFor('a b<c>@d', 'x@example.com');
    expect(messageId).toMatch(/^<[0-9a-f]{64}@example\.com>$/);
    expect(smtpMessageIdFor('a b<c>@d', 'x@example.com')).toBe(messageId);
  });
});

describe('MailComposer', () => {
  const config = loadConfig({ PUBLIC_BASE_URL: 'https://inkan.example.jp' });
  const composer = new MailComposer(config);
  const publicKey = sealPublicKey(config.NOTIFICATION_SEAL_PUBLIC_KEY);
  const row = (overrides: Partial<DeliveryRow>): DeliveryRow => ({
    messageId: 'm1',
    template: 'certificate-pin',
    language: 'en',
    recipientEmail: 'pin@example.com',
    recipientName: 'Pin Holder',
    recipientUserId: null,
    recipientCompanyId: null,
    params: { certificateSerial: 'AB', certificateSubject: 'CN=Pin Holder' },
    sealedSecret: null,
    status: 'queued',
    attempts: 0,
    lastResponse: null,
    smtpMessageId: '<m1@inkan.localhost>',
    requestedBy: 'system',
    createdAt: new Date(),
    updatedAt: new Date(),
    lastAttemptAt: null,
    sentAt: null,
    ...overrides,
  });

  it('opens the sealed secret only for the template and address it was sealed for', () => {
    const sealed = seal(publicKey, '123456', mailSecretContext('certificate-pin', 'Pin@Example.com'));
    const mail = composer.compose(row({ sealedSecret: sealed }));
    expect(mail.text).toContain('123456');
    expect(mail).toMatchObject({
      from: 'inkan <no-reply@inkan.localhost>',
      to: { name: 'Pin Holder', address: 'pin@example.com' },
      messageId: '<m1@inkan.localhost>',
      headers: { 'Content-Language': 'en', 'X-Inkan-Template': 'certificate-pin' },
    });
    expect(() => composer.compose(row({ sealedSecret: sealed, recipientEmail: 'other@example.com' }))).toThrow(UnreadableSecretError);
    const forSigning = seal(publicKey, '123456', mailSecretContext('signing-password', 'pin@example.com'));
    expect(() => composer.compose(row({ sealedSecret: forSigning }))).toThrow(UnreadableSecretError);
  });

  it('refuses a secret sealed to another service', () => {
    const other = sealPublicKey(generateSealKeyPair().publicKey);
    const sealed = seal(other, '123456', mailSecretContext('certificate-pin', 'pin@example.com'));
    expect(() => composer.compose(row({ sealedSecret: sealed }))).toThrow(UnreadableSecretError);
  });

  it('refuses an invitation "link" that is not an http(s) URL, which would be mailed as a link', () => {
    const email = 'invitee@example.com';
    const sealed = seal(publicKey, 'javascript:alert(1)', mailSecretContext('partner-invitation', email));
    const invitation = row({
      template: 'partner-invitation',
      recipientEmail: email,
      params: { invitingCompanyName: 'X', expiresAt: '2026-12-01T00:00:00Z' },
      sealedSecret: sealed,
    });
    expect(() => composer.compose(invitation)).toThrow(UnreadableSecretError);
  });

  it('fails loudly when a secret template has no secret', () => {
    expect(() => composer.compose(row({ sealedSecret: null }))).toThrow('this template needs its secret');
  });
});
