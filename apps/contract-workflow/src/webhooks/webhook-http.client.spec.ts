import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { AppConfig } from '@app/config';
import { eventually } from '@app/testing';
import { postWebhook } from './webhook-http.client';
import { WebhookTargets } from './webhook-target.guard';

/** Raw TCP receivers on loopback that misbehave in ways an HTTP server library would not. */
describe('one webhook POST', () => {
  const targets = new WebhookTargets({ WEBHOOK_ALLOW_PRIVATE_TARGETS: true } as AppConfig);
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let server: Server;

  const listen = async (onConnection: (socket: Socket) => void): Promise<string> => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.once('data', () => onConnection(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  };
  const trickle = (socket: Socket, text: string) => {
    let index = 0;
    const timer = setInterval(() => {
      if (socket.destroyed) {
        clearInterval(timer);
        return;
      }
      socket.write(text.charAt(index % text.length));
      index += 1;
    }, 50);
    timers.add(timer);
  };

  afterEach(async () => {
    timers.forEach(clearInterval);
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up on a receiver trickling its status line within the timeout, as "target unreachable"', async () => {
    const url = await listen((socket) => trickle(socket, 'HTTP/1.1 200 OK\r\nX-Slow: '));
    const started = Date.now();
    const result = await postWebhook(url, {}, '{}', { timeoutMs: 500, targets });
    expect(result).toMatchObject({ error: 'target unreachable', cause: expect.stringContaining('no answer within 500 ms') });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('takes the status of a receiver whose body never ends, and closes the connection', async () => {
    let closed = false;
    const url = await listen((socket) => {
      socket.on('close', () => (closed = true));
      socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
      trickle(socket, '1\r\nx\r\n');
    });
    expect(await postWebhook(url, {}, '{}', { timeoutMs: 5_000, targets })).toEqual({ statusCode: 200 });
    await eventually(async () => closed, 5_000, 20);
  });
});
