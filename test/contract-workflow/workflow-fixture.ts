import { HttpClient } from '@app/testing';
import { samplePdf } from '@apps/signing/test/signing-fixtures';
import { IdentityPlatform } from '../identity/identity-platform';
import { mailedSecret } from '../signing/signing-flow';

export interface Person {
  userId: string;
  email: string;
  client: HttpClient;
  password: string;
  serialNumber?: string;
}

let counter = 0;

/** A user registered by `admin`, logged in with its own password, and — for signers — holding an activated certificate. */
export async function person(env: IdentityPlatform, admin: HttpClient, name: string, roles: string[]): Promise<Person> {
  counter += 1;
  const email = `p${counter}-${Date.now()}@example.jp`;
  const registered = await admin.post('/api/users', { name, email, roles });
  expect(registered.status).toBe(201);
  const userId: string = registered.body.userId;
  const { admin: client, password } = await env.firstLogin(userId, email);
  const result: Person = { userId, email, client, password };
  if (roles.includes('signer')) {
    const before = env.smtp.messages.length;
    const issued = await admin.post('/api/certificates', { userId });
    expect(issued.status).toBe(201);
    const pin = await mailedSecret(env, email, 'PIN のお知らせ', '証明書PIN', before);
    expect((await client.post(`/api/certificates/${issued.body.serialNumber}/activate`, { pin, loginPassword: password })).status).toBe(
      200,
    );
    result.serialNumber = issued.body.serialNumber;
  }
  return result;
}

/** The signing password mailed to `signer` for its current turn. */
export function signingPasswordOf(env: IdentityPlatform, signer: Person, after: number): Promise<string> {
  return mailedSecret(env, signer.email, '署名用パスワード', '署名用パスワード', after);
}

/** The newest signing password mailed to `signer` for the document `documentNumber` (only mails from index `after` on). */
export async function signingPasswordFor(env: IdentityPlatform, signer: Person, documentNumber: string, after = 0): Promise<string> {
  const matches = (m: { envelope: { to: string[] }; subject: string; text: string }) =>
    m.envelope.to.includes(signer.email) &&
    m.subject.includes('署名用パスワード') &&
    m.text.includes(documentNumber) &&
    env.smtp.messages.indexOf(m as (typeof env.smtp.messages)[number]) >= after;
  await env.smtp.waitFor(matches);
  const mail = env.smtp.messages.filter(matches).at(-1);
  const value = /署名用パスワード: (\S+)/.exec(mail?.text ?? '')?.[1];
  if (!value) {
    throw new Error(`no signing password for ${documentNumber}`);
  }
  return value;
}

export async function pdfBase64(pages = 1): Promise<string> {
  return (await samplePdf(pages)).toString('base64');
}
