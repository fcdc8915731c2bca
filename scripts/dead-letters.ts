import { parseArgs } from 'node:util';
import amqp, { ConfirmChannel, GetMessage, MessageProperties, Options } from 'amqplib';
import { AppConfig } from '@app/config';
import { ALL_SERVICES, ServiceName } from '@app/contracts';
import { deadLetterQueue, declareTopology, eventsExchange, serviceEventQueue, serviceQueue, topologyOf } from '@app/messaging';
import { runCli } from './cli';

/** Headers the broker or inkan added when the message was dead-lettered; a re-driven message goes out without them. */
const DEATH_HEADERS = [
  'x-death',
  'x-first-death-exchange',
  'x-first-death-queue',
  'x-first-death-reason',
  'x-last-death-exchange',
  'x-last-death-queue',
  'x-last-death-reason',
  'x-delivery-count',
  'x-inkan-parked-reason',
  'x-inkan-parked-from',
  'x-inkan-parked-exchange',
  'x-inkan-parked-at',
];

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

export interface DeadLetter {
  service: ServiceName;
  messageId: string | undefined;
  /** The RPC pattern or event name (the message's `type`, else its body's `pattern`). */
  pattern: string | undefined;
  /** Why it is here: the broker's reason (`rejected`, `delivery_limit`, …) or the reason inkan parked it with. */
  reason: string;
  /** Where it was first published ('' is the default exchange: an RPC request to a queue). */
  exchange: string;
  routingKey: string;
  /**
   * The queue it died in, where a re-drive puts it back (through the default exchange): only the
   * consumer that failed gets it again, not every subscriber of an event.
   */
  queue: string;
  deadLetteredAt: string | undefined;
}

export interface DeadLetterReport {
  service: ServiceName;
  queue: string;
  depth: number;
  messages: DeadLetter[];
}

/** Where a dead-lettered message came from, from the broker's `x-death` or inkan's `x-inkan-parked-*` headers. */
export function originOf(prefix: string, service: ServiceName, message: Pick<GetMessage, 'properties' | 'content'>): DeadLetter {
  const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
  const deaths = Array.isArray(headers['x-death']) ? (headers['x-death'] as Array<Record<string, unknown>>) : [];
  const death = deaths[0];
  const base = { service, messageId: message.properties.messageId as string | undefined, pattern: patternOf(message) };
  if (typeof headers['x-inkan-parked-from'] === 'string') {
    const routingKey = headers['x-inkan-parked-from'];
    // A request is published to its queue by name; anything else came through the events exchange.
    const exchange =
      typeof headers['x-inkan-parked-exchange'] === 'string'
        ? headers['x-inkan-parked-exchange']
        : routingKey === serviceQueue(prefix, service)
          ? ''
          : eventsExchange(prefix);
    return {
      ...base,
      reason: text(headers['x-inkan-parked-reason']) ?? 'parked',
      exchange,
      routingKey,
      queue: exchange === '' ? routingKey : serviceEventQueue(prefix, service),
      deadLetteredAt: typeof headers['x-inkan-parked-at'] === 'string' ? headers['x-inkan-parked-at'] : undefined,
    };
  }
  if (death) {
    const routingKeys = Array.isArray(death['routing-keys']) ? (death['routing-keys'] as unknown[]).map(String) : [];
    const time = death.time as { value?: number } | Date | undefined;
    const seconds = time instanceof Date ? time.getTime() / 1_000 : typeof time?.value === 'number' ? time.value : undefined;
    return {
      ...base,
      reason: text(death.reason) ?? 'dead-lettered',
      exchange: text(death.exchange) ?? '',
      routingKey: routingKeys[0] ?? '',
      queue: text(death.queue) ?? '',
      deadLetteredAt: seconds !== undefined ? new Date(seconds * 1_000).toISOString() : undefined,
    };
  }
  return { ...base, reason: 'unknown', exchange: '', routingKey: '', queue: '', deadLetteredAt: undefined };
}

/** A header's value as text (amqplib gives strings, or Buffers for long strings). */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}

function patternOf(message: Pick<GetMessage, 'properties' | 'content'>): string | undefined {
  if (typeof message.properties.type === 'string' && message.properties.type !== '') {
    return message.properties.type;
  }
  try {
    const parsed = JSON.parse(message.content.toString('utf8')) as { pattern?: unknown };
    return typeof parsed.pattern === 'string' ? parsed.pattern : undefined;
  } catch {
    return undefined;
  }
}

/** The message's own properties, without the dead-lettering headers, for publishing it again. */
function republishOptions(properties: MessageProperties): Options.Publish {
  const headers = Object.fromEntries(Object.entries(properties.headers ?? {}).filter(([name]) => !DEATH_HEADERS.includes(name)));
  const options: Options.Publish = { headers, persistent: true };
  for (const key of ['contentType', 'contentEncoding', 'correlationId', 'replyTo', 'messageId', 'timestamp', 'type', 'appId'] as const) {
    const value: unknown = properties[key];
    if (value !== undefined && value !== null) {
      (options as Record<string, unknown>)[key] = value;
    }
  }
  return options;
}

/**
 * Reads (and puts back) or re-drives the messages of the services' dead-letter queues. Reading
 * takes messages without acknowledging them and closes the channel, which returns them all; a
 * re-drive publishes each back to the queue it died in, waits for the broker's confirm, and only then
 * acknowledges it here, so a message is never lost (at worst sent twice; consumers dedupe on its ID).
 */
export class DeadLetters {
  private constructor(
    private readonly connection: amqp.ChannelModel,
    private readonly config: AppConfig,
  ) {}

  static async open(config: AppConfig): Promise<DeadLetters> {
    const connection = await amqp.connect(config.AMQP_URL);
    connection.on('error', () => undefined); // reported by the operation that fails
    const letters = new DeadLetters(connection, config);
    const channel = await connection.createChannel();
    await declareTopology(channel, topologyOf(config));
    await channel.close();
    return letters;
  }

  async list(services: readonly ServiceName[], limit: number): Promise<DeadLetterReport[]> {
    const reports: DeadLetterReport[] = [];
    for (const service of services) {
      const channel = await this.connection.createChannel();
      try {
        const queue = deadLetterQueue(this.config.AMQP_PREFIX, service);
        const { messageCount } = await channel.checkQueue(queue);
        const messages: DeadLetter[] = [];
        while (messages.length < Math.min(limit, messageCount)) {
          const message = await channel.get(queue, { noAck: false });
          if (!message) {
            break;
          }
          messages.push(originOf(this.config.AMQP_PREFIX, service, message));
        }
        reports.push({ service, queue, depth: messageCount, messages });
      } finally {
        await channel.close(); // every message read returns to the queue
      }
    }
    return reports;
  }

  /** Publishes up to `limit` dead letters of each service to where they came from; returns what moved. */
  async redrive(services: readonly ServiceName[], limit: number): Promise<DeadLetter[]> {
    const moved: DeadLetter[] = [];
    for (const service of services) {
      const channel: ConfirmChannel = await this.connection.createConfirmChannel();
      try {
        const queue = deadLetterQueue(this.config.AMQP_PREFIX, service);
        const { messageCount } = await channel.checkQueue(queue);
        for (let count = 0; count < Math.min(limit, messageCount); count += 1) {
          const message = await channel.get(queue, { noAck: false });
          if (!message) {
            break;
          }
          const origin = originOf(this.config.AMQP_PREFIX, service, message);
          if (!this.isQueueOfService(origin.queue, service)) {
            // Not known where it belongs: it stays (and `list` shows why).
            channel.nack(message, false, true);
            break;
          }
          channel.publish('', origin.queue, message.content, republishOptions(message.properties));
          await channel.waitForConfirms();
          channel.ack(message);
          moved.push(origin);
        }
      } finally {
        await channel.close();
      }
    }
    return moved;
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }

  /** Only a service's own request or event queue takes a re-driven message (never an arbitrary name from a header). */
  private isQueueOfService(queue: string, service: ServiceName): boolean {
    const prefix = this.config.AMQP_PREFIX;
    return queue === serviceQueue(prefix, service) || queue === serviceEventQueue(prefix, service);
  }
}

const USAGE =
  'usage / 使い方: npm run dead-letters -- list|redrive [--service <' +
  ALL_SERVICES.join('|') +
  `>] [--limit N (1–${MAX_LIMIT}, default ${DEFAULT_LIMIT})]\n`;

function fail(ja: string, en: string): number {
  process.stderr.write(`dead-letters: ${en} / ${ja}\n${USAGE}`);
  return 64;
}

async function main(config: AppConfig): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: { service: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return fail('引数が正しくありません', (error as Error).message);
  }
  const { positionals, values } = parsed;
  const command = positionals[0];
  if (positionals.length !== 1 || (command !== 'list' && command !== 'redrive')) {
    return fail('list か redrive を一つ指定してください', 'give one command: list or redrive');
  }
  if (values.service !== undefined && !(ALL_SERVICES as readonly string[]).includes(values.service)) {
    return fail(`サービス「${values.service}」はありません`, `no service "${values.service}"`);
  }
  const limit = values.limit === undefined ? DEFAULT_LIMIT : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return fail(`--limit は 1～${MAX_LIMIT} の整数です`, `--limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  const services = values.service ? [values.service as ServiceName] : ALL_SERVICES;
  const letters = await DeadLetters.open(config);
  try {
    if (command === 'list') {
      const reports = await letters.list(services, limit);
      if (values.json) {
        console.log(JSON.stringify(reports));
        return 0;
      }
      for (const report of reports) {
        console.log(`${report.queue}: ${report.depth} message(s) / 件`);
        for (const letter of report.messages) {
          // Metadata only: payloads may hold personal data.
          console.log(
            `  ${letter.messageId ?? '-'}  ${letter.pattern ?? '-'}  reason=${letter.reason}  ` +
              `from=${letter.exchange || '(default)'}/${letter.routingKey || '-'}  queue=${letter.queue || '-'}  at=${letter.deadLetteredAt ?? '-'}`,
          );
        }
      }
      return 0;
    }
    const moved = await letters.redrive(services, limit);
    if (values.json) {
      console.log(JSON.stringify(moved));
      return 0;
    }
    for (const letter of moved) {
      console.log(`re-driven / 再投入: ${letter.messageId ?? '-'}  ${letter.pattern ?? '-'} → ${letter.queue}`);
    }
    console.log(`${moved.length} message(s) re-driven / ${moved.length} 件を再投入しました`);
    return 0;
  } finally {
    await letters.close();
  }
}

if (require.main === module) {
  runCli('dead-letters', main);
}
