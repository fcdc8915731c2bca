import { randomUUID } from 'node:crypto';
import { BlobStore } from '@app/blob-store';
import { ActorContext, Patterns, seal, sealPublicKey, signingSecretContext, systemActor } from '@app/contracts';
import { ServiceClient } from '@app/messaging';
import { preparePdfForSigning } from '@apps/signing/src/pades/pdf-preparation';
import { samplePdf } from '@apps/signing/test/signing-fixtures';
import { IdentityPlatform } from '../identity/identity-platform';

/** The secret after `label: ` in the first mail to `email` with `subject`, received after the first `after` mails. */
export async function mailedSecret(env: IdentityPlatform, email: string, subject: string, label: string, after: number): Promise<string> {
  const mail = await env.smtp.waitFor(
    (m) => m.envelope.to.includes(email) && m.subject.includes(subject) && env.smtp.messages.indexOf(m) >= after,
  );
  const value = new RegExp(`${label}: (\\S+)`).exec(mail.text)?.[1];
  if (!value) {
    throw new Error(`no ${label} in "${mail.subject}"`);
  }
  return value;
}

/**
 * A company with a signer whose certificate is issued and activated, the
 * way a user gets there: registration, PIN mail, 証明書有効性確認.
 */
export async function activatedSigner(env: IdentityPlatform, companyName: string, email: string) {
  const { admin, companyId } = await env.company(companyName);
  const signerId: string = (await admin.post('/api/users', { name: '署名 太郎', email, roles: ['recipient', 'signer'] })).body.userId;
  const { admin: signer, password } = await env.firstLogin(signerId, email);
  const before = env.smtp.messages.length;
  const serialNumber: string = (await admin.post('/api/certificates', { userId: signerId })).body.serialNumber;
  const pin = await mailedSecret(env, email, 'PIN のお知らせ', '証明書PIN', before);
  expect((await signer.post(`/api/certificates/${serialNumber}/activate`, { pin, loginPassword: password })).status).toBe(200);
  const rpc = new ServiceClient({
    url: env.config.AMQP_URL,
    prefix: env.config.AMQP_PREFIX,
    deliveryLimit: env.config.AMQP_DELIVERY_LIMIT,
    timeoutMs: 30_000,
    reconnectSeconds: 1,
  });
  const blobs = new BlobStore(env.database.db, env.config.BLOB_MAX_BYTES);
  const actor = (): ActorContext => ({
    kind: 'user',
    userId: signerId,
    companyId,
    roles: ['recipient', 'signer'],
    requestId: randomUUID(),
  });

  return {
    admin: admin,
    signer,
    companyId,
    signerId,
    serialNumber,
    rpc,
    blobs,
    /** A registered document in the blob store. */
    async document(pages = 1) {
      return blobs.put((await preparePdfForSigning(await samplePdf(pages))).pdf);
    },
    /** A signing password for `requestId`, as the workflow would ask for it, read from the mail. */
    async signingPassword(requestId: string) {
      const mailsBefore = env.smtp.messages.length;
      await rpc.send(
        Patterns.signing.issueSigningPassword,
        { requestId, userId: signerId, documentNumbers: ['0000000001'] },
        { actor: systemActor('test') },
      );
      return mailedSecret(env, email, '署名用パスワード', '署名用パスワード', mailsBefore);
    },
    sign(requestId: string, documentSha256: string, password: string) {
      const signingPassword = seal(
        sealPublicKey(env.config.SIGNING_SEAL_PUBLIC_KEY),
        password,
        signingSecretContext('signing-password', `${requestId}:${signerId}`),
      );
      return rpc.send(Patterns.signing.signDocument, { requestId, documentSha256, serialNumber, signingPassword }, { actor: actor() });
    },
  };
}
