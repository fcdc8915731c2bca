import { Inject, Injectable, OnApplicationBootstrap, Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { AppConfig } from '@app/config';
import { CONFIG, HEALTH_CHECKS, HealthChecks, LOGGER } from '@app/messaging';
import { EmlFileTransport } from './eml-file.transport';
import { describeMailDestination, mailDropDir } from './mail-drop-dir';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';
import { SmtpTransport } from './smtp.transport';

export const mailTransportProvider: Provider = {
  provide: MAIL_TRANSPORT,
  inject: [CONFIG],
  useFactory: (config: AppConfig): MailTransport =>
    config.SMTP_URL
      ? new SmtpTransport({ url: config.SMTP_URL, poolSize: config.MAIL_SMTP_POOL_SIZE })
      : new EmlFileTransport(mailDropDir(config)),
};

/**
 * Says at start where mail goes, and adds it to the service's health as
 * `mail`. (DeliverMailUseCase closes the transport: it knows when the last
 * send is done.)
 */
@Injectable()
export class MailTransportStatus implements OnApplicationBootstrap {
  constructor(
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(HEALTH_CHECKS) private readonly checks: HealthChecks,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.checks.add('mail', () => this.transport.check());
    const destination = describeMailDestination(this.config);
    if (this.config.SMTP_URL) {
      this.logger.info({ destination }, `mail goes to ${destination}`);
    } else if (this.config.NODE_ENV === 'production') {
      this.logger.warn({ destination }, `no SMTP_URL: mail is NOT sent, only written as ${destination}`);
    } else {
      this.logger.info({ destination }, `no SMTP_URL: mail is written as ${destination}`);
    }
  }
}
