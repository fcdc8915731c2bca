import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { isNotNull } from 'drizzle-orm';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { DatabaseHandle } from '@app/db';
import { CONFIG, DATABASE, LOGGER } from '@app/messaging';
import { certificates, platformCa } from '../database/signing.schema';
import { SigningEngine } from '../engine/signing-engine';
import { OcspResponder } from '../pki/ocsp-responder';
import { loadPlatformCa, platformCrlBaseUrl } from './platform-ca.store';
import { platformOcspResponder } from './platform-ocsp';

/**
 * The platform's CA and TSA for this signing instance: loaded at start, or
 * created if nobody did yet (see `loadPlatformCa`).
 */
@Injectable()
export class PlatformCaService implements OnModuleInit {
  private loaded: SigningEngine | undefined;
  private responder: OcspResponder | undefined;

  constructor(
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  get engine(): SigningEngine {
    if (!this.loaded) {
      throw new Error('the platform CA is not loaded yet');
    }
    return this.loaded;
  }

  get crlBaseUrl(): string {
    return platformCrlBaseUrl(this.config);
  }

  async onModuleInit(): Promise<void> {
    this.loaded = await loadPlatformCa(this.database.db, this.config, (message, fields) => this.logger.info(fields ?? {}, message));
    this.responder = platformOcspResponder(this.loaded, this.database.db, (error) =>
      this.logger.error({ err: error }, 'OCSP status lookup failed; answered tryLater'),
    );
  }

  /** The DER OCSPResponse to a DER OCSPRequest (RFC 6960); a bad request gets an OCSP error status, never an exception. */
  async ocsp(requestDer: Buffer): Promise<Buffer> {
    if (!this.responder) {
      throw new Error('the platform CA is not loaded yet');
    }
    return this.responder.respond(requestDer);
  }

  /** The OCSP response about one certificate (no nonce), as a PDF's DSS embeds it; throws for a certificate none of our CAs issued. */
  async ocspResponseFor(certificateDer: Buffer): Promise<Buffer> {
    if (!this.responder) {
      throw new Error('the platform CA is not loaded yet');
    }
    return this.responder.responseFor(certificateDer);
  }

  /** The issuing CA's current CRL, with every revoked certificate; its number rises with each revocation. */
  async currentCrl(): Promise<Buffer> {
    const [ca] = await this.database.db.select({ crlNumber: platformCa.crlNumber }).from(platformCa);
    const revoked = await this.database.db
      .select({ serialNumber: certificates.serialNumber, revokedAt: certificates.revokedAt })
      .from(certificates)
      .where(isNotNull(certificates.revokedAt));
    const crl = await this.engine.ca.createCrl(
      revoked.map((entry) => ({ serialNumber: entry.serialNumber.toLowerCase(), revokedAt: entry.revokedAt as Date })),
      ca?.crlNumber ?? 1,
    );
    return crl.der;
  }
}
