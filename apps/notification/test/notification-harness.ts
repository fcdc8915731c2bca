import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { INestMicroservice } from '@nestjs/common';
import amqp, { ChannelModel, ConfirmChannel, GetMessage } from 'amqplib';
import { eq } from 'drizzle-orm';
import { AppConfig } from '@app/config';
import {
  ACTOR_HEADER,
  ActorContext,
  Events,
  MailTemplate,
  mailSecretContext,
  NotificationRequestInput,
  notificationRequestedSchema,
  parseOrThrow,
  Patterns,
  PingReply,
  seal,
  sealPublicKey,
  Services,
  systemActor,
} from '@app/contracts';
import { DatabaseHandle, openDatabase } from '@app/db';
import { deadLetterQueue, declareTopology, eventsExchange, ServiceClient, startService, topologyOf } from '@app/messaging';
import { createTestDatabase, deleteTopology, dropTestDatabase, eventually, LogCapture, SmtpCapture, testConfig } from '@app/testing';
import { deliveries, DeliveryRow } from '@apps/notification/src/database/notification.schema';
import { NotificationModule } from '@apps/notification/src/notification.module';

/**
 * The real notification service on the real PostgreSQL and RabbitMQ, with a
 * real SMTP server (SmtpCapture) unless `smtp: false`. Events are published
 * the way the outbox relay does: persistent, with a message ID and an actor.
 */
export class NotificationHarness {
  private readonly deadLetters = new Map<string, GetMessage>();
  private client: ServiceClient | undefined;

  private constructor(
    readonly config: AppConfig,
    readonly logs: LogCapture,
    readonly smtp: SmtpCapture | undefined,
    readonly db: DatabaseHandle,
    private service: INestMicroservice | undefined,
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
  ) {}

  static async start(
    options: { smtp?: boolean; overrides?: Record<string, string>; logLevel?: string } = {},
  ): Promise<NotificationHarness> {
    const smtp = options.smtp === false ? undefined : await SmtpCapture.start();
    const config = testConfig({ SMTP_URL: smtp?.url ?? '', ...options.overrides });
    await createTestDatabase(config);
    const logs = new LogCapture();
    const service = await startNotification(config, logs, options.logLevel);
    const connection = await amqp.connect(config.AMQP_URL);
    const channel = await connection.createConfirmChannel();
    await declareTopology(channel, topologyOf(config));
    return new NotificationHarness(config, logs, smtp, openDatabase(config.DATABASE_URL), service, connection, channel);
  }

  /** Stops the service as a deployment would (SIGTERM): unfinished work goes back to the queue. */
  async stopService(): Promise<void> {
    await this.service?.close();
    this.service = undefined;
  }

  async startService(): Promise<void> {
    this.service = await startNotification(this.config, this.logs);
  }

  /** The secret sealed as a producer (identity, signing) seals it for this service. */
  seal(template: MailTemplate, email: string, secret: string): string {
    return seal(sealPublicKey(this.config.NOTIFICATION_SEAL_PUBLIC_KEY), secret, mailSecretContext(template, email));
  }

  /** Publishes a notification.requested event; resolves with its message ID once the broker has it. */
  async request(payload: NotificationRequestInput, options: { messageId?: string; actor?: ActorContext } = {}): Promise<string> {
    const messageId = options.messageId ?? randomUUID();
    const data = parseOrThrow(notificationRequestedSchema, payload);
    this.channel.publish(
      eventsExchange(this.config.AMQP_PREFIX),
      Events.notificationRequested,
      Buffer.from(JSON.stringify({ pattern: Events.notificationRequested, data })),
      {
        persistent: true,
        messageId,
        contentType: 'application/json',
        headers: { [ACTOR_HEADER]: JSON.stringify(options.actor ?? systemActor(`test-${messageId}`)) },
      },
    );
    await this.channel.waitForConfirms();
    return messageId;
  }

  async delivery(messageId: string): Promise<DeliveryRow | undefined> {
    const [row] = await this.db.db.select().from(deliveries).where(eq(deliveries.messageId, messageId));
    return row;
  }

  /** Waits until the delivery is sent or failed. */
  finished(messageId: string, timeoutMs = 15_000): Promise<DeliveryRow> {
    return eventually(async () => {
      const row = await this.delivery(messageId);
      return row && (row.status === 'sent' || row.status === 'failed') ? row : undefined;
    }, timeoutMs);
  }

  /** Waits for the event to reach the notification dead-letter queue. */
  deadLettered(messageId: string, timeoutMs = 15_000): Promise<GetMessage> {
    return eventually(async () => {
      for (;;) {
        const message = await this.channel.get(deadLetterQueue(this.config.AMQP_PREFIX, Services.notification), { noAck: true });
        if (!message) {
          break;
        }
        this.deadLetters.set(String(message.properties.messageId), message);
      }
      return this.deadLetters.get(messageId);
    }, timeoutMs);
  }

  /** Whether the event reached the dead-letter queue, without waiting. */
  async isDeadLettered(messageId: string): Promise<boolean> {
    return this.deadLettered(messageId, 0).then(
      () => true,
      () => false,
    );
  }

  /** The service's ping reply: its own dependencies, `mail` among them. */
  ping(): Promise<PingReply> {
    this.client ??= new ServiceClient({ url: this.config.AMQP_URL, timeoutMs: 5_000, reconnectSeconds: 0.5, ...topologyOf(this.config) });
    return this.client.send(Patterns.notification.ping, {}, { actor: systemActor('ping') });
  }

  async close(): Promise<void> {
    await this.client?.close();
    await this.stopService();
    await this.smtp?.close();
    await this.connection.close();
    await this.db.close();
    await deleteTopology(this.config);
    await dropTestDatabase(this.config);
    await rm(this.config.MAIL_DROP_DIR, { recursive: true, force: true });
  }
}

function startNotification(config: AppConfig, logs: LogCapture, level = 'info'): Promise<INestMicroservice> {
  const logger = logs.logger(Services.notification, level);
  return startService(Services.notification, NotificationModule.forRoot(config, logger), config, logger, { shutdownHooks: false });
}
