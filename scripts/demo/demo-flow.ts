import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sampleContractPdf } from '@apps/signing/src/demo/sample-contract.pdf';
import { ApiSession, PlatformUnreachableError } from './api-session';
import { activeCertificate, DemoCast, DemoPerson, findCast } from './demo-cast';
import { MailDrop } from './mail-drop';

export interface DemoOptions {
  baseUrl: string;
  outDir: string;
  mailDir: string;
  operatorId: string;
  /** One step done: its Japanese and English label and what came of it. */
  step: (ja: string, en: string, detail: string) => void;
}

export interface DemoResult {
  contractId: string;
  documentNumber: string;
  files: { pdf: string; rootCa: string; audit: string };
}

export interface Contract {
  contractId: string;
  documentNumber: string;
  name: string;
  status: string;
  statusLabel: string;
  currentSha256: string;
}

/** What differs between the contracts the sender sends: the rest is the seed manual's (山田 registers, 鈴木 approves, 田中 signs). */
export interface ContractDetails {
  name: string;
  amount: number;
}

interface HealthReport {
  status: string;
  components: Record<string, { status: string }>;
}

/**
 * 契約締結の流れ on the running platform, only through its HTTP API and the
 * mails it sent, as the people of the two demo companies would do it:
 * register → approve → sign (sender), receive + route → approve → sign
 * (receiver); then the concluded PDF, the root CA and the audit trail.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { step } = options;
  await checkHealth(options.baseUrl);
  step('稼働確認', 'platform is up', `${options.baseUrl}/health`);
  const mail = await MailDrop.open(options.mailDir);

  const cast = await findCast(options.baseUrl, options.operatorId);
  const { sender, receiver } = cast;
  step(
    'ログイン',
    'logged in with the demo password',
    `${sender.name} ${sender.companyId}: ${who(sender.registrant)} 登録担当者, ${who(sender.approver)} 承認者, ${who(sender.signer)} 署名者 · ` +
      `${receiver.name} ${receiver.companyId}: ${who(receiver.recipientSigner)} 受取担当者+署名者, ${who(receiver.approver)} 承認者`,
  );
  const senderCertificate = await certificateOf(sender.signer, sender.admin, mail, step);
  const receiverCertificate = await certificateOf(receiver.recipientSigner, receiver.admin, mail, step);

  let contract = await sendToReceiver(cast, mail, senderCertificate, { name: '工事請負契約書（デモ）', amount: 1_100_000 }, step);
  const { contractId, documentNumber } = contract;
  const at = `/api/contracts/${contractId}`;

  const myList = await receiver.recipientSigner.session.get<{ total: number; items: Contract[] }>(
    `/api/contracts?status=AWAITING_RECEIPT&documentNumber=${documentNumber}`,
  );
  if (!myList.items.some((item) => item.contractId === contractId)) {
    throw new Error(`${documentNumber} is not in the my list of ${who(receiver.recipientSigner)}`);
  }
  step('マイリスト', "in the recipient's my list", `${who(receiver.recipientSigner)}: ${documentNumber} 受領側受取待ち`);
  contract = await receiver.recipientSigner.session.post<Contract>(`${at}/receive`, {
    route: { approvers: [receiver.approver.userId], signer: receiver.recipientSigner.userId },
  });
  step(
    '受取確認',
    'received and routed',
    `${who(receiver.recipientSigner)}, 社内回覧先 承認者 ${who(receiver.approver)} → 署名者 ${who(receiver.recipientSigner)} → ${status(contract)}`,
  );
  contract = await receiver.approver.session.post<Contract>(`${at}/approve`, { comment: 'デモ: 確認しました' });
  step('承認（受信側）', 'approved by the receiver approver', `${who(receiver.approver)} → ${status(contract)}`);
  contract = await sign(contract, receiver.recipientSigner, receiverCertificate, mail, step);
  step('署名（受信側）', 'signed by the receiver signer: concluded', `${who(receiver.recipientSigner)} → ${status(contract)}`);
  if (contract.status !== 'CONCLUDED') {
    throw new Error(`${documentNumber} ended as ${contract.status}, not CONCLUDED`);
  }

  const files = await writeOutputs(options, cast, contract);
  return { contractId, documentNumber, files };
}

/**
 * 発信側の回覧 and sending: 山田 太郎 registers the sample contract for the
 * receiver's 受取担当者 (佐藤 二郎) with 鈴木 一郎 as approver and 田中 誠 as
 * signer and submits it, 鈴木 approves, 田中 signs with the signing password
 * the platform mailed him → 受領側受取待ち. `mail` must have been opened
 * before this call, so the password mail is a new one.
 */
export async function sendToReceiver(
  cast: DemoCast,
  mail: MailDrop,
  senderCertificate: string,
  details: ContractDetails,
  step: DemoOptions['step'],
): Promise<Contract> {
  const { sender, receiver } = cast;
  const pdf = await sampleContractPdf();
  let contract = await sender.registrant.session.post<Contract>('/api/contracts', {
    pdfBase64: pdf.toString('base64'),
    name: details.name,
    counterpartyCompanyId: receiver.companyId,
    recipientUserId: receiver.recipientSigner.userId,
    senderSide: 'ORDERER',
    signatureMode: 'BOTH',
    transactionDate: new Date().toISOString().slice(0, 10),
    amount: details.amount,
    route: { approvers: [sender.approver.userId], signer: sender.signer.userId },
  });
  const at = `/api/contracts/${contract.contractId}`;
  step(
    '契約文書の登録',
    'contract registered',
    `文書管理番号 ${contract.documentNumber}, ${who(sender.registrant)} → ${receiver.name} 宛 (受取担当者 ${who(receiver.recipientSigner)}), ` +
      `sha256 ${contract.currentSha256.slice(0, 16)}… → ${status(contract)}`,
  );

  contract = await sender.registrant.session.post<Contract>(`${at}/submit`);
  step('回覧開始', 'submitted to the sender route', `${who(sender.registrant)} → ${status(contract)}`);
  contract = await sender.approver.session.post<Contract>(`${at}/approve`, { comment: 'デモ: 確認しました' });
  step('承認（発信側）', 'approved by the sender approver', `${who(sender.approver)} → ${status(contract)}`);
  contract = await sign(contract, sender.signer, senderCertificate, mail, step);
  step('署名（発信側）', 'signed by the sender signer and sent', `${who(sender.signer)} → ${status(contract)}`);
  if (contract.status !== 'AWAITING_RECEIPT') {
    throw new Error(`${contract.documentNumber} ended as ${contract.status}, not AWAITING_RECEIPT`);
  }
  return contract;
}

/** GET /health: the platform answers, and every component (PostgreSQL, RabbitMQ, Redis, each service) is up. */
export async function checkHealth(baseUrl: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/health`);
  } catch (error) {
    throw new PlatformUnreachableError(baseUrl, error);
  }
  const health = (await response.json().catch(() => undefined)) as HealthReport | undefined;
  if (!health?.components) {
    throw new Error(`${baseUrl} is not an inkan gateway (GET /health answered ${response.status})`);
  }
  const down = Object.entries(health.components)
    .filter(([, component]) => component.status !== 'up')
    .map(([name]) => name);
  if (!response.ok || down.length > 0) {
    throw new Error(
      `プラットフォームが正常に稼働していません / the platform at ${baseUrl} is degraded: ${down.join(', ') || 'unknown'} down (GET /health ${response.status})`,
    );
  }
}

export async function certificateOf(signer: DemoPerson, admin: DemoPerson, mail: MailDrop, step: DemoOptions['step']): Promise<string> {
  const { serialNumber, activatedNow } = await activeCertificate(signer, admin, mail);
  step(
    '証明書',
    activatedNow ? 'certificate issued, activated with the PIN read from mail' : 'active certificate (seeded, no PIN step)',
    `${who(signer)} シリアル番号 ${serialNumber}`,
  );
  return serialNumber;
}

/** The signing password mailed to the signer for this document (「署名用パスワード 発行のお知らせ」), then the signature. */
async function sign(contract: Contract, signer: DemoPerson, serialNumber: string, mail: MailDrop, step: DemoOptions['step']) {
  const { secret, file } = await mail.waitForSecret({
    to: signer.email,
    mentions: contract.documentNumber,
    labels: ['署名用パスワード', 'Signing password'],
    what: 'signing password',
  });
  step('署名用パスワード', 'signing password read from mail', `${who(signer)} ← ${file}`);
  return signer.session.post<Contract>(`/api/contracts/${contract.contractId}/sign`, { serialNumber, signingPassword: secret });
}

async function writeOutputs(options: DemoOptions, cast: DemoCast, contract: Contract): Promise<DemoResult['files']> {
  const { step } = options;
  const registrant = cast.sender.registrant.session;
  const at = `/api/contracts/${contract.contractId}`;
  await mkdir(options.outDir, { recursive: true });
  const files = {
    pdf: path.join(options.outDir, `concluded-${contract.documentNumber}.pdf`),
    rootCa: path.join(options.outDir, 'root-ca.pem'),
    audit: path.join(options.outDir, `audit-${contract.documentNumber}.json`),
  };

  const pdf = await registrant.download(`${at}/pdf`);
  const sha256 = createHash('sha256').update(pdf.bytes).digest('hex');
  if (sha256 !== pdf.headers.get('x-content-sha256') || sha256 !== contract.currentSha256) {
    throw new Error(`the downloaded PDF of ${contract.documentNumber} is not the concluded one (sha256 ${sha256})`);
  }
  await writeFile(files.pdf, pdf.bytes);
  const report = await registrant.post<{
    allValid: boolean;
    signatureCount: number;
    documentTimestampCount: number;
    signatures: { status: string; summary: string }[];
    longTerm: { level: string };
  }>('/api/signing/validate', { sha256 });
  step(
    '締結済PDF',
    'concluded PDF downloaded and validated',
    `${files.pdf} (${pdf.bytes.length} bytes, sha256 ${sha256.slice(0, 16)}…)` +
      report.signatures.map((signature) => `\n        ${signature.status} — ${signature.summary}`).join(''),
  );
  // Both companies' signatures and the platform's document timestamp (PAdES B-LTA), every one valid.
  if (!report.allValid || report.signatureCount !== 2 || report.documentTimestampCount < 1 || report.longTerm.level !== 'B-LTA') {
    throw new Error(`the concluded PDF of ${contract.documentNumber} does not carry two valid signatures and a document timestamp`);
  }

  const root = await new ApiSession(options.baseUrl).download('/api/signing/ca/root-ca.pem');
  await writeFile(files.rootCa, root.bytes);
  step('ルート証明書', 'root CA written', `${files.rootCa} (GET /api/signing/ca/root-ca.pem)`);

  const trail = await registrant.get<{ entries: { action: string }[] }>(`${at}/audit`);
  await writeFile(files.audit, `${JSON.stringify(trail, null, 2)}\n`);
  const verified = await registrant.get<{ valid: boolean; entries: number }>(`${at}/audit/verify`);
  step(
    '監査証跡',
    'audit trail written and its hash chain verified',
    `${files.audit}: ${trail.entries.map((entry) => entry.action).join(' → ')}; chain ${verified.valid ? 'valid / 正常' : 'BROKEN / 改ざんあり'} (${verified.entries} entries)`,
  );
  if (!verified.valid) {
    throw new Error(`the audit trail of ${contract.documentNumber} does not verify`);
  }
  return files;
}

export function who(person: DemoPerson): string {
  return `${person.userId} ${person.name}`;
}

function status(contract: Contract): string {
  return `${contract.statusLabel} (${contract.status})`;
}
