import { pdfBase64 } from '../contract-workflow/workflow-fixture';
import { DEMO_EMAILS, DEMO_IDS, WebPlatform } from './web-platform';

export interface Registered {
  contractId: string;
  documentNumber: string;
}

/**
 * A contract from 発注建設株式会社 to 株式会社受注工務店 taken to 締結済 through
 * the API (registered by 山田 太郎, signed by 田中 誠, received and signed by
 * 佐藤 二郎): setup for screens that start from a concluded contract.
 */
export async function concludedContract(
  env: WebPlatform,
  fields: { name: string; transactionDate: string; amount: number; matterId?: string },
): Promise<Registered> {
  const registrant = await env.demoUser(DEMO_IDS.senderRegistrant);
  const signer = await env.demoUser(DEMO_IDS.senderSigner);
  const receiver = await env.demoUser(DEMO_IDS.bulkUser);
  const registered = await registrant.post('/api/contracts', {
    pdfBase64: await pdfBase64(),
    counterpartyCompanyId: DEMO_IDS.receiverCompany,
    recipientUserId: DEMO_IDS.bulkUser,
    senderSide: 'ORDERER',
    route: { approvers: [], signer: DEMO_IDS.senderSigner },
    ...fields,
  });
  expect(registered.status).toBe(201);
  const { contractId, documentNumber } = registered.body as Registered;

  let mark = env.smtp.messages.length;
  expect((await registrant.post(`/api/contracts/${contractId}/submit`)).body.status).toBe('SENDER_SIGNATURE');
  const senderSerial: string = (await signer.get('/api/certificates')).body.items[0].serialNumber;
  const senderPassword = await env.signingPassword(DEMO_EMAILS.senderSigner, [documentNumber], mark);
  expect(
    (await signer.post(`/api/contracts/${contractId}/sign`, { serialNumber: senderSerial, signingPassword: senderPassword })).body.status,
  ).toBe('AWAITING_RECEIPT');

  mark = env.smtp.messages.length;
  const received = await receiver.post(`/api/contracts/${contractId}/receive`, { route: { approvers: [], signer: DEMO_IDS.bulkUser } });
  expect(received.body.status).toBe('RECEIVER_SIGNATURE');
  const receiverSerial: string = (await receiver.get('/api/certificates')).body.items[0].serialNumber;
  const receiverPassword = await env.signingPassword(DEMO_EMAILS.bulkUser, [documentNumber], mark);
  const signed = await receiver.post(`/api/contracts/${contractId}/sign`, {
    serialNumber: receiverSerial,
    signingPassword: receiverPassword,
  });
  expect(signed.body.status).toBe('CONCLUDED');
  return { contractId, documentNumber };
}
