import { spawn } from 'node:child_process';
import path from 'node:path';
import type Redis from 'ioredis';
import { freePort, testConfig } from '@app/testing';
import { connectRedisClient, createRedisClient } from '../src/redis';

/** Real Redis (REDIS_URL), and a port where nothing listens. */
describe('Redis clients of request paths', () => {
  const opened: Redis[] = [];
  const track = (redis: Redis) => (opened.push(redis), redis);
  const url = testConfig().REDIS_URL;

  afterAll(async () => {
    for (const redis of opened) {
      if (redis.status === 'ready') {
        await redis.quit();
      } else {
        redis.disconnect();
      }
    }
  });

  it('a fresh client refuses commands until it has connected: there is no offline queue', async () => {
    const redis = track(createRedisClient(url));
    await expect(redis.ping()).rejects.toThrow(/enableOfflineQueue|writeable/);
  });

  it('connectRedisClient resolves once the connection is ready, so the first command succeeds', async () => {
    const redis = track(await connectRedisClient(url));
    expect(redis.status).toBe('ready');
    await expect(redis.ping()).resolves.toBe('PONG');
  });

  it('connectRedisClient gives up waiting when Redis is away, and commands then fail at once', async () => {
    const started = Date.now();
    const redis = track(await connectRedisClient(`redis://127.0.0.1:${await freePort()}`, 300));
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(redis.status).not.toBe('ready');
    await expect(redis.ping()).rejects.toThrow();
  });

  it('a process whose Redis is unreachable ends soon after disconnecting, not after ioredis’s 2 s socket wait', async () => {
    const repo = path.resolve(__dirname, '../../..');
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'libs/messaging/test/fixtures/redis-unreachable.main.ts', String(await freePort())],
      { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exitedAt = await new Promise<number>((resolve) => child.on('exit', () => resolve(Date.now())));
    const disconnectedAt = Number(output.trim());
    expect(disconnectedAt).toBeGreaterThan(0);
    expect(exitedAt - disconnectedAt).toBeLessThan(1_000);
  });
});
