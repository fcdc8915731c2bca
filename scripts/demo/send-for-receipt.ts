import { DemoCast, DemoPerson, findCast } from './demo-cast';
import { certificateOf, checkHealth, Contract, ContractDetails, DemoOptions, sendToReceiver, who } from './demo-flow';
import { MailDrop } from './mail-drop';

/** Documents the web UI's 一括署名（受取） shows for the bulk user after `npm start` (see scripts/start-demo.ts). */
export const BULK_SIGN_DEMO_WAITING = 3;

/** The most `npm run demo -- --for-bulk-sign N` sends at once: one bulk signing takes up to 200. */
export const BULK_SIGN_DEMO_MAX = 200;

/** The contracts 発注建設株式会社 sends for 一括署名, in turn. */
const BULK_SIGN_DEMO_CONTRACTS: readonly ContractDetails[] = [
  { name: '工事請負契約書（一括署名デモ）', amount: 1_100_000 },
  { name: '注文書・注文請書（一括署名デモ）', amount: 385_000 },
  { name: '資材売買契約書（一括署名デモ）', amount: 726_000 },
  { name: '業務委託契約書（一括署名デモ）', amount: 550_000 },
];

export interface SendForReceiptOptions {
  baseUrl: string;
  mailDir: string;
  operatorId: string;
  /** Each step of each contract, as the demo prints them (nothing by default). */
  step?: DemoOptions['step'];
}

export interface SentForReceipt {
  /** The receiver's 受取担当者 + 署名者 with the bulk-sign flag (佐藤 二郎): `U000006 佐藤 二郎`. */
  recipient: string;
  /** Documents from the demo sender waiting for the recipient's receipt, after this call. */
  waiting: number;
  /** The contracts this call sent, in the order they were sent. */
  sent: Pick<Contract, 'contractId' | 'documentNumber' | 'name'>[];
}

interface Candidates {
  items: { sender: { companyId: string } }[];
  total: number;
  truncated: boolean;
}

/**
 * `count` more contracts from 発注建設株式会社 to 佐藤 二郎 through the real
 * flow (registered by 山田 太郎, approved by 鈴木 一郎, signed by 田中 誠 with
 * the signing password read from the mail the platform sent) and left in
 * 受領側受取待ち: what 佐藤's 一括署名（受取） finds.
 */
export async function sendForReceipt(options: SendForReceiptOptions, count: number): Promise<SentForReceipt> {
  const { cast, mail } = await prepare(options);
  const waiting = await waitingFor(cast);
  const sent = await send(cast, mail, options, count, waiting);
  return { recipient: who(cast.receiver.recipientSigner), waiting: waiting + sent.length, sent };
}

/**
 * At least `target` contracts from 発注建設株式会社 waiting for 佐藤 二郎's
 * receipt: counts what waits as he would see it (GET /api/bulk-sign/candidates)
 * and sends only the missing ones, so running it again changes nothing until
 * he has signed (or received) some of them.
 */
export async function ensureWaitingForReceipt(options: SendForReceiptOptions, target: number): Promise<SentForReceipt> {
  const { cast, mail } = await prepare(options);
  const waiting = await waitingFor(cast);
  const sent = await send(cast, mail, options, Math.max(0, target - waiting), waiting);
  return { recipient: who(cast.receiver.recipientSigner), waiting: waiting + sent.length, sent };
}

async function prepare(options: SendForReceiptOptions): Promise<{ cast: DemoCast; mail: MailDrop }> {
  await checkHealth(options.baseUrl);
  // Opened before anything is submitted: only the signing-password mails of this run count.
  const mail = await MailDrop.open(options.mailDir);
  const cast = await findCast(options.baseUrl, options.operatorId);
  return { cast, mail };
}

/** `count` contracts, their names and amounts taken in turn from the `offset`-th on. */
async function send(
  cast: DemoCast,
  mail: MailDrop,
  options: SendForReceiptOptions,
  count: number,
  offset: number,
): Promise<SentForReceipt['sent']> {
  if (count <= 0) {
    return [];
  }
  const step = options.step ?? (() => undefined);
  const certificate = await certificateOf(cast.sender.signer, cast.sender.admin, mail, step);
  const sent: SentForReceipt['sent'] = [];
  for (let index = 0; index < count; index += 1) {
    const details = BULK_SIGN_DEMO_CONTRACTS[(offset + index) % BULK_SIGN_DEMO_CONTRACTS.length];
    const contract = await sendToReceiver(cast, mail, certificate, details, step);
    sent.push({ contractId: contract.contractId, documentNumber: contract.documentNumber, name: contract.name });
  }
  return sent;
}

/** The bulk user's 契約文書一括署名（受取）選択: documents from the demo sender waiting for his receipt. */
async function waitingFor(cast: DemoCast): Promise<number> {
  const recipient: DemoPerson = cast.receiver.recipientSigner;
  const candidates = await recipient.session.get<Candidates>('/api/bulk-sign/candidates');
  const fromSender = candidates.items.filter((item) => item.sender.companyId === cast.sender.companyId).length;
  // More than one bulk signing takes: the list is cut, and there are plenty.
  return candidates.truncated ? Math.max(fromSender, candidates.total) : fromSender;
}
