import { DEMO_PASSWORD, DEMO_RECEIVER, DEMO_SENDER, DemoCompany, DemoUser } from '@apps/identity/src/demo/demo-companies';
import { ApiError, ApiSession } from './api-session';
import { MailDrop } from './mail-drop';

/** The demo companies or users are not there: the seed has not run against this platform's database. */
export class DemoDataMissingError extends Error {
  constructor(what: string) {
    super(
      [
        `デモデータがありません / the demo data is missing: ${what}.`,
        '  Run `npm run seed` against the same database (`npm start` seeds it at every start), then run the demo again.',
      ].join('\n'),
    );
  }
}

export interface DemoPerson {
  userId: string;
  name: string;
  email: string;
  session: ApiSession;
}

export interface DemoParty {
  companyId: string;
  name: string;
  admin: DemoPerson;
}

/** Who plays which part, found the way an operator and the administrators would look them up. */
export interface DemoCast {
  sender: DemoParty & { registrant: DemoPerson; approver: DemoPerson; signer: DemoPerson };
  /** 佐藤 二郎 is both the recipient and the signer, as in the seed manual. */
  receiver: DemoParty & { recipientSigner: DemoPerson; approver: DemoPerson };
}

interface Page<T> {
  items: T[];
}

/**
 * The operator finds the two demo companies and their 管理用ID; each
 * administrator looks up its users (利用者情報の照会); everyone logs in with
 * the demo password.
 */
export async function findCast(baseUrl: string, operatorId: string): Promise<DemoCast> {
  const operator = new ApiSession(baseUrl);
  await loginOrMissing(operator, operatorId, `the operator ${operatorId}`);
  const sender = await findParty(baseUrl, operator, DEMO_SENDER);
  const receiver = await findParty(baseUrl, operator, DEMO_RECEIVER);
  return {
    sender: {
      ...sender.party,
      registrant: await sender.person((user) => user.roles.includes('registrant')),
      approver: await sender.person((user) => user.roles.includes('approver')),
      signer: await sender.person((user) => user.roles.includes('signer')),
    },
    receiver: {
      ...receiver.party,
      recipientSigner: await receiver.person((user) => user.roles.includes('recipient') && user.roles.includes('signer')),
      approver: await receiver.person((user) => user.roles.includes('approver')),
    },
  };
}

async function findParty(baseUrl: string, operator: ApiSession, demo: DemoCompany) {
  const companies = await operator.get<Page<{ companyId: string; name: string; administratorUserId: string | null }>>(
    `/api/companies?query=${encodeURIComponent(demo.name)}`,
  );
  const company = companies.items.find((item) => item.name === demo.name);
  if (!company?.administratorUserId) {
    throw new DemoDataMissingError(`no company ${demo.name} with a 管理用ID`);
  }
  const adminUser = demo.users.find((user) => user.administrator);
  const admin = new ApiSession(baseUrl);
  await loginOrMissing(admin, company.administratorUserId, `the 管理用ID of ${demo.name}`);
  const party: DemoParty = {
    companyId: company.companyId,
    name: company.name,
    admin: { userId: company.administratorUserId, name: adminUser?.name ?? '', email: adminUser?.email ?? '', session: admin },
  };
  const person = async (part: (user: DemoUser) => boolean): Promise<DemoPerson> => {
    const user = demo.users.find((candidate) => !candidate.administrator && part(candidate));
    if (!user) {
      throw new Error(`the demo data of ${demo.name} names nobody for this part`);
    }
    const found = await admin.get<Page<{ userId: string; email: string; status: string }>>(
      `/api/users?query=${encodeURIComponent(user.email)}`,
    );
    const match = found.items.find((item) => item.email === user.email && item.status === 'ACTIVE');
    if (!match) {
      throw new DemoDataMissingError(`no active user ${user.email} (${user.name}) in ${demo.name}`);
    }
    const session = new ApiSession(baseUrl);
    await loginOrMissing(session, match.userId, `${match.userId} ${user.name}`);
    return { userId: match.userId, name: user.name, email: user.email, session };
  };
  return { party, person };
}

/** A 401 here means the account or its demo password is not there: the seed did not run (or someone changed it). */
async function loginOrMissing(session: ApiSession, loginId: string, who: string): Promise<void> {
  try {
    await session.login(loginId, DEMO_PASSWORD);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      throw new DemoDataMissingError(`${who} cannot log in with the demo password`);
    }
    throw error;
  }
}

interface CertificateItem {
  serialNumber: string;
  status: string;
  holders: { userId: string; status: string }[];
}

/**
 * The signer's active certificate (the seed makes one). If it has none — an
 * administrator revoked it, say — the administrator issues a new one and the
 * signer does 証明書有効性確認 with the PIN from 「PIN のお知らせ」.
 */
export async function activeCertificate(
  signer: DemoPerson,
  admin: DemoPerson,
  mail: MailDrop,
): Promise<{ serialNumber: string; activatedNow: boolean }> {
  const { items } = await signer.session.get<Page<CertificateItem>>('/api/certificates');
  const active = items.find(
    (item) => item.status === 'VALID' && item.holders.some((holder) => holder.userId === signer.userId && holder.status === 'ACTIVE'),
  );
  if (active) {
    return { serialNumber: active.serialNumber, activatedNow: false };
  }
  const issued = await admin.session.post<{ serialNumber: string }>('/api/certificates', { userId: signer.userId });
  const { secret: pin } = await mail.waitForSecret({
    to: signer.email,
    mentions: issued.serialNumber,
    labels: ['証明書PIN', 'Certificate PIN'],
    what: 'certificate PIN',
  });
  await signer.session.post(`/api/certificates/${issued.serialNumber}/activate`, { pin, loginPassword: DEMO_PASSWORD });
  return { serialNumber: issued.serialNumber, activatedNow: true };
}
