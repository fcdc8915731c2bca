import { Socket } from 'node:net';
import { AmqpConnection } from '@app/messaging';
import { LogCapture, testConfig } from '@app/testing';

/** This process's open sockets to the broker (the test runs alone in its jest worker: nothing else opens one here). */
function brokerSockets(port: number): Socket[] {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((handle): handle is Socket => handle instanceof Socket && handle.remotePort === port && !handle.destroyed);
}

/** The number of broker sockets once closing ones have gone (a socket lingers briefly after the AMQP close handshake). */
async function settledSockets(port: number): Promise<number> {
  for (let waited = 0; waited < 500 && brokerSockets(port).length > 0; waited += 20) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return brokerSockets(port).length;
}

/**
 * AmqpConnection against the real RabbitMQ: `close()` resolves only when
 * nothing it opened is left open, even when it is called while a connection
 * is still being set up (a service stopped right after its start, as the
 * gateway in a test). Before, such a connection stayed open and kept the
 * process alive.
 */
describe('AmqpConnection.close', () => {
  const config = testConfig();
  const port = Number(new URL(config.AMQP_URL).port || 5672);
  const logger = new LogCapture().logger('amqp');

  it('closes a connection whose set-up was still under way', async () => {
    const before = await settledSockets(port);
    let setUp!: () => void;
    const settingUp = new Promise<void>((resolve) => (setUp = resolve));
    const amqp = new AmqpConnection(config.AMQP_URL, {
      name: 'close-during-setup',
      reconnectSeconds: 1,
      logger,
      setup: async () => {
        setUp();
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      },
    });
    amqp.start();
    await settingUp;
    expect(brokerSockets(port).length).toBe(before + 1);
    await amqp.close();
    // Well before the set-up would have ended on its own.
    expect(await settledSockets(port)).toBe(before);
    expect(amqp.isConnected).toBe(false);
  });

  it('closes a connection whose set-up failed, and tries no more once closed', async () => {
    const before = await settledSockets(port);
    let attempts = 0;
    const amqp = new AmqpConnection(config.AMQP_URL, {
      name: 'setup-fails',
      reconnectSeconds: 0.1,
      logger,
      setup: () => {
        attempts += 1;
        return Promise.reject(new Error('set-up refused'));
      },
    });
    amqp.start();
    await expect(amqp.channel()).rejects.toThrow('set-up refused');
    // The failed attempt's connection is closed, not left beside the next one.
    expect(await settledSockets(port)).toBe(before);
    await amqp.close();
    const after = attempts;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(attempts).toBe(after);
    expect(await settledSockets(port)).toBe(before);
  });
});
