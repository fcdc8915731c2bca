import path from 'node:path';
import { SIGNING_WORKER_NODE_OPTIONS } from '@apps/signing/src/worker-node-options';

/** The apps `npm start` runs, each as its own process (see start.ts). */

export interface AppSpec {
  name: string;
  /** Compiled entry point, relative to the repository root. */
  entry: string;
  /** Whether a log line is the app's "ready" line. */
  ready: (msg: string) => boolean;
  /** Node.js options the process starts with, before the entry point. */
  nodeOptions?: readonly string[];
}

export const APPS: AppSpec[] = [
  { name: 'gateway', entry: 'dist/apps/gateway/src/main.js', ready: (msg) => msg === 'gateway listening' },
  { name: 'identity', entry: 'dist/apps/identity/src/main.js', ready: consuming },
  { name: 'contract-workflow', entry: 'dist/apps/contract-workflow/src/main.js', ready: consuming },
  { name: 'signing', entry: 'dist/apps/signing/src/main.js', ready: consuming },
  {
    name: 'signing-worker',
    entry: 'dist/apps/signing/src/worker.js',
    ready: (msg) => msg === 'signing-worker ready',
    nodeOptions: SIGNING_WORKER_NODE_OPTIONS,
  },
  { name: 'notification', entry: 'dist/apps/notification/src/main.js', ready: consuming },
];

function consuming(msg: string): boolean {
  return msg.endsWith('is consuming its queue');
}

/** The arguments `npm start` gives `node` for an app: its own options, then its compiled entry point. */
export function nodeArgumentsOf(spec: AppSpec, root: string): string[] {
  return ['--enable-source-maps', ...(spec.nodeOptions ?? []), path.join(root, spec.entry)];
}
