import { KeyedProcess } from '@app/config';
import { SIGNING_WORKER_NODE_OPTIONS } from '@apps/signing/src/worker-node-options';

/**
 * The image's processes and the command each runs (deploy/Dockerfile's header, the compose
 * files, the Kubernetes Deployments): one list the deploy tests hold them all to.
 */
export const APP_COMMANDS: Record<
  Exclude<KeyedProcess, 'migrate' | 'create-operator' | 'dead-letters' | 'generate-keys' | 'seed'>,
  string[]
> = {
  gateway: ['node', 'dist/apps/gateway/src/main.js'],
  identity: ['node', 'dist/apps/identity/src/main.js'],
  'contract-workflow': ['node', 'dist/apps/contract-workflow/src/main.js'],
  signing: ['node', 'dist/apps/signing/src/main.js'],
  'signing-worker': ['node', ...SIGNING_WORKER_NODE_OPTIONS, 'dist/apps/signing/src/worker.js'],
  notification: ['node', 'dist/apps/notification/src/main.js'],
};
export type AppName = keyof typeof APP_COMMANDS;
export const APP_NAMES = Object.keys(APP_COMMANDS) as AppName[];

export const MIGRATE_COMMAND = ['node', 'dist/scripts/migrate.js'];
