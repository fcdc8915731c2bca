import { sql } from 'drizzle-orm';
import { AppConfig } from '@app/config';
import { createTestDatabase, dropTestDatabase, TcpProxy, testConfig } from '@app/testing';
import { openDatabase, pingDatabase } from '../src/database';

/** Real PostgreSQL behind a TCP proxy that the test cuts. */
describe('database handle when the connection is lost', () => {
  let config: AppConfig;
  let proxy: TcpProxy;

  beforeAll(async () => {
    config = testConfig();
    await createTestDatabase(config);
    proxy = await TcpProxy.forUrl(config.DATABASE_URL, 5432).start();
  });

  afterAll(async () => {
    await proxy.stop();
    await dropTestDatabase(config);
  });

  it('releases the connection when BEGIN fails, so the pool and shutdown never wait for it', async () => {
    const handle = openDatabase(proxy.rewrite(config.DATABASE_URL), { poolSize: 2 });
    await handle.db.execute(sql`SELECT 1`); // one idle connection in the pool
    proxy.cut();
    // Same tick: the pool has not yet noticed, hands out the dead connection, and BEGIN fails.
    await expect(handle.db.transaction(async (tx) => tx.execute(sql`SELECT 1`))).rejects.toThrow();
    expect(handle.pool.totalCount - handle.pool.idleCount).toBe(0);
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      handle.close(60_000).then(() => 'closed'),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve('hung'), 3_000);
      }),
    ]);
    clearTimeout(timer);
    expect(closed).toBe('closed');
    proxy.restore();
  });

  it('works again once the database is reachable, and a statement error leaves the connection in the pool', async () => {
    const handle = openDatabase(proxy.rewrite(config.DATABASE_URL), { poolSize: 2 });
    try {
      await pingDatabase(handle.pool, 2_000);
      await expect(handle.db.transaction(async (tx) => tx.execute(sql`SELECT 1/0`))).rejects.toThrow();
      expect(handle.pool.totalCount).toBe(1);
      expect(handle.pool.idleCount).toBe(1);
      const result = await handle.db.transaction(async (tx) => tx.execute(sql`SELECT 41 + 1 AS answer`));
      expect(result.rows[0]).toEqual({ answer: 42 });
    } finally {
      await handle.close();
    }
  });

  it('reports an unreachable database within the probe timeout', async () => {
    const handle = openDatabase(proxy.rewrite(config.DATABASE_URL), { poolSize: 2 });
    proxy.cut();
    try {
      await expect(pingDatabase(handle.pool, 1_000)).rejects.toThrow();
    } finally {
      proxy.restore();
      await handle.close();
    }
  });
});
