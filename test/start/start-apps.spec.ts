import path from 'node:path';
import { SIGNING_WORKER_NODE_OPTIONS } from '@apps/signing/src/worker-node-options';
import { APPS, nodeArgumentsOf } from '@scripts/start-apps';

describe('the node arguments npm start gives each app', () => {
  it('starts the signing worker with its V8 options before the entry point, and the other apps without', () => {
    for (const app of APPS) {
      const args = nodeArgumentsOf(app, '/srv/inkan');
      expect(args[0]).toBe('--enable-source-maps');
      expect(args.at(-1)).toBe(path.join('/srv/inkan', app.entry));
      expect(args.slice(1, -1)).toEqual(app.name === 'signing-worker' ? [...SIGNING_WORKER_NODE_OPTIONS] : []);
    }
    expect(APPS.map((app) => app.name)).toContain('signing-worker');
  });
});
