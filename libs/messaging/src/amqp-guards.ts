import type { AmqpConnectionManager, ChannelWrapper, CreateChannelOpts } from 'amqp-connection-manager';
import type { Logger } from 'pino';

/**
 * Makes an amqp-connection-manager connection (the one `@nestjs/microservices`
 * opens for ServerRMQ and ClientRMQ) safe to lose. Its channel wrappers emit
 * `error` when a channel's set-up fails — typically `Channel ended, no reply
 * will be forthcoming` because the broker dropped the connection while the
 * set-up ran — and an unobserved `error` event ends the process. Each wrapper
 * gets a listener that logs the failure; if the connection is still open (a
 * set-up refused by the broker closes only the channel, and the wrapper then
 * waits for a reconnect that would never come), the connection is made again
 * after `reconnectSeconds`, which runs every set-up afresh.
 */
export function guardConnectionManager<T extends AmqpConnectionManager>(
  manager: T,
  options: { name: string; reconnectSeconds: number; logger: Logger },
): T {
  const { logger, name } = options;
  // The manager itself emits no `error` today; a future release that does must not end the process either.
  manager.on('error', (error: unknown) => logger.warn({ err: error, connection: name }, 'RabbitMQ connection error'));
  let pending: NodeJS.Timeout | undefined;
  const reconnectLater = () => {
    if (pending) {
      return;
    }
    pending = setTimeout(() => {
      pending = undefined;
      if (manager.isConnected()) {
        try {
          manager.reconnect();
        } catch {
          // closed meanwhile: nothing to reconnect
        }
      }
    }, options.reconnectSeconds * 1_000);
    pending.unref();
  };
  const createChannel = manager.createChannel.bind(manager);
  manager.createChannel = (channelOptions?: CreateChannelOpts): ChannelWrapper => {
    const wrapper = createChannel(channelOptions);
    wrapper.on('error', (error: Error) => {
      logger.warn({ err: error, connection: name }, 'RabbitMQ channel set-up failed; it is made again');
      reconnectLater();
    });
    return wrapper;
  };
  return manager;
}
