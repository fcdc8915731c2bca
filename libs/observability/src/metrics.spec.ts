import { cached, PlatformMetrics } from './metrics';

describe('PlatformMetrics', () => {
  it('keeps each app’s series apart, every one labelled with its app', async () => {
    const gateway = new PlatformMetrics('test-gateway', { nodeDefaults: false });
    const identity = new PlatformMetrics('test-identity', { nodeDefaults: false });
    try {
      gateway.httpRequests.inc({ method: 'GET', route: '/api/contracts/:contractId', status: '200' });
      const { body, contentType } = await gateway.scrape();
      expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(body).toContain(
        'inkan_http_requests_total{method="GET",route="/api/contracts/:contractId",status="200",app="test-gateway"} 1',
      );
      expect((await identity.scrape()).body).not.toContain('route="/api/contracts/:contractId"');
      expect(PlatformMetrics.of('test-gateway')).toBe(gateway);
    } finally {
      gateway.close();
      identity.close();
    }
    expect(PlatformMetrics.of('test-gateway')).toBeUndefined();
  });

  it('leaves a gauge whose read fails out of the scrape instead of failing it', async () => {
    const metrics = new PlatformMetrics('test-gauges', { nodeDefaults: false });
    try {
      let fail = true;
      metrics.collectedGauge({
        name: 'inkan_test_depth',
        help: 'a depth',
        labelNames: ['queue'],
        read: () => (fail ? Promise.reject(new Error('Redis away')) : Promise.resolve([{ labels: { queue: 'q' }, value: 3 }])),
      });
      expect((await metrics.scrape()).body).not.toMatch(/^inkan_test_depth\{/m);
      fail = false;
      expect((await metrics.scrape()).body).toContain('inkan_test_depth{queue="q",app="test-gauges"} 3');
    } finally {
      metrics.close();
    }
  });
});

describe('cached', () => {
  it('shares one read among calls within its time and reads again after', async () => {
    let reads = 0;
    let now = 1_000;
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const read = cached(() => Promise.resolve(++reads), 2_000);
      expect(await Promise.all([read(), read()])).toEqual([1, 1]);
      now += 1_999;
      expect(await read()).toBe(1);
      now += 1;
      expect(await read()).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('does not keep a failed read', async () => {
    let reads = 0;
    const read = cached(() => (++reads === 1 ? Promise.reject(new Error('down')) : Promise.resolve(reads)), 60_000);
    await expect(read()).rejects.toThrow('down');
    expect(await read()).toBe(2);
  });
});
