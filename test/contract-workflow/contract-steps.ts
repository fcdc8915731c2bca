import { IdentityPlatform } from '../identity/identity-platform';
import { pdfBase64, Person, signingPasswordFor } from './workflow-fixture';

export interface ContractFields {
  name: string;
  counterpartyCompanyId: string;
  recipient: Person;
  senderSide?: 'ORDERER' | 'CONTRACTOR';
  signatureMode?: 'BOTH' | 'SENDER_ONLY';
  transactionDate: string;
  amount: number;
  matterId?: string;
}

/** Registers a contract over HTTP with `signer` as the whole sender route; returns the reply body. */
export async function registerContract(registrant: Person, signer: Person, fields: ContractFields) {
  const { recipient, ...rest } = fields;
  const reply = await registrant.client.post('/api/contracts', {
    pdfBase64: await pdfBase64(),
    senderSide: 'ORDERER',
    ...rest,
    recipientUserId: recipient.userId,
    route: { approvers: [], signer: signer.userId },
  });
  expect({ name: fields.name, status: reply.status, error: reply.body.error }).toEqual({
    name: fields.name,
    status: 201,
    error: undefined,
  });
  return reply.body;
}

/** The signer whose turn it is signs with the password mailed for this document. */
export async function signAsCurrent(env: IdentityPlatform, signer: Person, contractId: string, documentNumber: string) {
  const password = await signingPasswordFor(env, signer, documentNumber);
  const signed = await signer.client.post(`/api/contracts/${contractId}/sign`, {
    serialNumber: signer.serialNumber,
    signingPassword: password,
  });
  expect(signed.status).toBe(200);
  return signed.body;
}

/** Registers, submits and signs on the sender side, so the contract awaits the recipient's receipt. */
export async function sendContract(env: IdentityPlatform, registrant: Person, senderSigner: Person, fields: ContractFields) {
  const contract = await registerContract(registrant, senderSigner, fields);
  expect((await registrant.client.post(`/api/contracts/${contract.contractId}/submit`)).body.status).toBe('SENDER_SIGNATURE');
  const sent = await signAsCurrent(env, senderSigner, contract.contractId, contract.documentNumber);
  expect(sent.status).toBe('AWAITING_RECEIPT');
  return sent;
}

/**
 * The whole flow to 締結済 with no approvers: the sender signs, the recipient
 * confirms receipt and (双方署名有り) the receiver's signer signs.
 */
export async function concludeContract(
  env: IdentityPlatform,
  parties: { registrant: Person; senderSigner: Person; receiverSigner?: Person },
  fields: ContractFields,
) {
  const sent = await sendContract(env, parties.registrant, parties.senderSigner, fields);
  const signer = parties.receiverSigner ?? fields.recipient;
  const received = await fields.recipient.client.post(`/api/contracts/${sent.contractId}/receive`, {
    route: { approvers: [], signer: signer.userId },
  });
  expect(received.status).toBe(200);
  if (received.body.status === 'CONCLUDED') {
    return received.body;
  }
  const concluded = await signAsCurrent(env, signer, sent.contractId, sent.documentNumber);
  expect(concluded.status).toBe('CONCLUDED');
  return concluded;
}
