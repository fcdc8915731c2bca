import { sql } from 'drizzle-orm';
import { AppConfig } from '@app/config';
import { DatabaseHandle, inTransaction } from '@app/db';
import { CertificatesRepository } from '../certificates/certificates.repository';
import { CertificateSubject, issueUserCertificate } from '../certificates/user-certificate';
import { loadPlatformCa, PlatformCaLog } from '../platform/platform-ca.store';
import { SigningSecrets } from '../platform/signing-secrets';

export interface DemoSigner extends CertificateSubject {
  userId: string;
}

export interface DemoCertificate {
  userId: string;
  serialNumber: string;
  subject: string;
}

/** Who issued a demo certificate, in `certificates.issued_by` and `certificate_holders.linked_by`. */
const DEMO_ISSUER = 'demo-seed';

/**
 * Demo data for local runs: every demo signer holds a certificate from the
 * platform CA (created here if no signing instance made it yet), already
 * active — 証明書有効性確認 done — so the demo users sign without the PIN
 * step. No PIN mail goes out: the PIN stored (as its hash) is random and
 * known to nobody. Idempotent: a signer who already holds a usable active
 * certificate keeps it.
 */
export async function seedSigningDemo(
  database: DatabaseHandle,
  config: AppConfig,
  signers: readonly DemoSigner[],
  log?: PlatformCaLog,
): Promise<DemoCertificate[]> {
  const engine = await loadPlatformCa(database.db, config, log);
  const repository = new CertificatesRepository(database);
  const secrets = new SigningSecrets(config);
  const seeded: DemoCertificate[] = [];
  for (const signer of signers) {
    seeded.push(
      await inTransaction(database.db, async (tx) => {
        // Two seeds at once still give one certificate per signer.
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`inkan:demo-certificate:${signer.userId}`}))`);
        const usable = await usableCertificate(repository, signer);
        if (usable) {
          return usable;
        }
        const record = await issueUserCertificate(engine, config, signer, DEMO_ISSUER);
        await repository.insert(tx, record);
        await repository.insertHolder(tx, {
          serialNumber: record.serialNumber,
          userId: signer.userId,
          companyId: signer.companyId,
          pinHash: await secrets.hashPin(secrets.newPin()),
          linkedBy: DEMO_ISSUER,
          activatedAt: new Date(),
        });
        return { userId: signer.userId, serialNumber: record.serialNumber, subject: record.subject };
      }),
    );
  }
  return seeded;
}

/** The signer's first certificate of its company that is active for it and can sign now. */
async function usableCertificate(repository: CertificatesRepository, signer: DemoSigner): Promise<DemoCertificate | undefined> {
  const now = new Date();
  const held = (await repository.listForHolder(signer.userId)).filter(
    (certificate) => certificate.companyId === signer.companyId && !certificate.revokedAt && certificate.notAfter > now,
  );
  const holders = await repository.holdersOf(held.map((certificate) => certificate.serialNumber));
  const active = held.find((certificate) =>
    holders.some(
      (holder) =>
        holder.serialNumber === certificate.serialNumber && holder.userId === signer.userId && holder.activatedAt && !holder.lockedAt,
    ),
  );
  return active && { userId: signer.userId, serialNumber: active.serialNumber, subject: active.subject };
}
