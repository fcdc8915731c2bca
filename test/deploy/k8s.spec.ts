import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { parseAllDocuments } from 'yaml';
import { ConfigError, KEY_VARIABLES, loadConfig, PROCESS_KEYS } from '@app/config';
import { bullPrefix, DOCUMENTS_QUEUE } from '@apps/signing/src/bulk-sign/bulk-sign.queues';
import { testConfig } from '@app/testing';
import { APP_COMMANDS, APP_NAMES, AppName } from './apps';
import { repoRoot } from './dockerfile-steps';

/**
 * deploy/k8s rendered by `kubectl kustomize` (Debian's kubectl), each object validated offline
 * against the Kubernetes API schemas (kubernetes-models, KEDA's models for the ScaledObject),
 * each Deployment held to what a cluster needs, and each app's rendered env — ConfigMap, values,
 * and the Secret files its _FILE variables point to — run through that app's own config in
 * production mode, with placeholder secrets.
 */

jest.setTimeout(120_000);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec?: Record<string, unknown> & { template?: { spec: PodSpec } };
}
interface Container {
  name: string;
  args?: string[];
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  startupProbe?: unknown;
  livenessProbe?: { httpGet?: { path: string } };
  readinessProbe?: { httpGet?: { path: string } };
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[] } };
}
interface PodSpec {
  containers: Container[];
  volumes?: Array<{ name: string; secret?: { secretName: string } }>;
  securityContext?: Record<string, unknown>;
  terminationGracePeriodSeconds?: number;
  topologySpreadConstraints?: unknown[];
}

const keysScript = path.join(repoRoot, 'scripts/generate-keys.ts');
let scratch: string;
const rendered: Record<'dev' | 'production', K8sObject[]> = { dev: [], production: [] };

function render(overlay: 'dev' | 'production'): K8sObject[] {
  const text = execFileSync('kubectl', ['kustomize', path.join(scratch, 'k8s/overlays', overlay)], { encoding: 'utf8' });
  return parseAllDocuments(text).map((document) => document.toJSON() as K8sObject);
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'inkan-k8s-'));
  cpSync(path.join(repoRoot, 'deploy/k8s'), path.join(scratch, 'k8s'), { recursive: true });
  // Placeholder secrets, as an operator makes them: the keys from keys:generate, the rest by hand.
  const secrets = path.join(scratch, 'k8s/overlays/production/secrets');
  execFileSync(process.execPath, ['-r', '@swc-node/register', keysScript, '--out', secrets], { cwd: repoRoot, stdio: 'pipe' });
  const placeholders = {
    DATABASE_URL: 'postgresql://inkan:placeholder@db.internal:5432/inkan',
    AMQP_URL: 'amqps://inkan:placeholder@mq.internal:5671',
    REDIS_URL: 'redis://:placeholder@redis.internal:6379',
    SMTP_URL: 'smtps://inkan:placeholder@smtp.example.jp:465',
    REDIS_ADDRESS: 'redis.internal:6379',
    REDIS_PASSWORD: 'placeholder',
  };
  for (const [name, value] of Object.entries(placeholders)) {
    writeFileSync(path.join(secrets, name), value);
  }
  rendered.dev = render('dev');
  rendered.production = render('production');
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function deployments(objects: K8sObject[]): K8sObject[] {
  return objects.filter((object) => object.kind === 'Deployment');
}

function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) {
    throw new Error(`no ${kind} ${name} rendered`);
  }
  return found;
}

/**
 * The environment a Deployment's container starts with: its ConfigMaps, its values, and each
 * mounted Secret written out as files (where its _FILE variables then point).
 */
function containerEnv(objects: K8sObject[], deployment: K8sObject, dir: string): Record<string, string> {
  const pod = deployment.spec!.template!.spec;
  const container = pod.containers[0];
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    Object.assign(env, find(objects, 'ConfigMap', source.configMapRef!.name).data);
  }
  const mounts = new Map<string, string>();
  for (const mount of container.volumeMounts ?? []) {
    const volume = pod.volumes?.find((candidate) => candidate.name === mount.name);
    if (volume?.secret) {
      const secret = find(objects, 'Secret', volume.secret.secretName);
      const local = path.join(dir, deployment.metadata.name, mount.name);
      execFileSync('mkdir', ['-p', local]);
      for (const [key, value] of Object.entries(secret.data ?? {})) {
        writeFileSync(path.join(local, key), Buffer.from(value.replace(/\s/g, ''), 'base64'));
      }
      mounts.set(mount.mountPath, local);
    }
  }
  for (const variable of container.env ?? []) {
    let value = variable.value ?? '';
    for (const [mountPath, local] of mounts) {
      if (value.startsWith(`${mountPath}/`)) {
        value = path.join(local, value.slice(mountPath.length + 1));
      }
    }
    env[variable.name] = value;
  }
  return env;
}

function configProblems(env: Record<string, string>, app: string): string[] {
  try {
    loadConfig(env, app);
    return [];
  } catch (error) {
    return error instanceof ConfigError ? error.problems : [String(error)];
  }
}

describe.each(['dev', 'production'] as const)('deploy/k8s/overlays/%s', (overlay) => {
  it('renders every object valid against the Kubernetes API schemas', () => {
    const objects = rendered[overlay].map((object) =>
      // kustomize folds long base64 values over lines; the API server's decoder skips the newlines.
      object.kind === 'Secret'
        ? { ...object, data: Object.fromEntries(Object.entries(object.data ?? {}).map(([key, value]) => [key, value.replace(/\s/g, '')])) }
        : object,
    );
    const results = JSON.parse(
      execFileSync(process.execPath, [path.join(__dirname, 'validate-k8s.mjs')], { input: JSON.stringify(objects), encoding: 'utf8' }),
    ) as Array<{ kind: string; name: string; error: string | null }>;
    expect(results.filter((result) => result.error !== null)).toEqual([]);
    expect(results.map((result) => result.kind)).toEqual(
      expect.arrayContaining(['Deployment', 'Service', 'Ingress', 'Job', 'PodDisruptionBudget', 'NetworkPolicy', 'ConfigMap', 'Secret']),
    );
  });

  it('has a Deployment per app running its command, with probes, resources, a locked-down securityContext and topology spread', () => {
    const rendered_ = deployments(rendered[overlay]);
    expect(rendered_.map((deployment) => deployment.metadata.name).sort()).toEqual([...APP_NAMES].sort());
    for (const deployment of rendered_) {
      const name = deployment.metadata.name as AppName;
      const pod = deployment.spec!.template!.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      expect(pod.topologySpreadConstraints?.length).toBeGreaterThan(0);
      for (const container of pod.containers) {
        expect({ name, args: container.args }).toEqual({ name, args: APP_COMMANDS[name] });
        expect({ name, startup: container.startupProbe !== undefined }).toEqual({ name, startup: true });
        expect({ name, live: container.livenessProbe?.httpGet?.path, ready: container.readinessProbe?.httpGet?.path }).toEqual({
          name,
          live: '/livez',
          ready: '/readyz',
        });
        expect({ name, resources: container.resources }).toEqual({
          name,
          resources: {
            requests: { cpu: expect.any(String), memory: expect.any(String) },
            limits: { cpu: expect.any(String), memory: expect.any(String) },
          },
        });
        expect({ name, security: container.securityContext }).toEqual({
          name,
          security: expect.objectContaining({
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          }),
        });
        // A read-only root: the image's two writable places are volumes.
        expect(container.volumeMounts?.map((mount) => mount.mountPath)).toEqual(expect.arrayContaining(['/tmp', '/app/.var']));
      }
    }
  });

  it('gives each Deployment an environment its own config accepts, and nothing it does not use', () => {
    const dir = mkdtempSync(path.join(scratch, 'env-'));
    for (const deployment of deployments(rendered[overlay])) {
      const name = deployment.metadata.name;
      const env = containerEnv(rendered[overlay], deployment, dir);
      expect({ name, NODE_ENV: env.NODE_ENV }).toEqual({ name, NODE_ENV: overlay === 'production' ? 'production' : 'development' });
      expect({ name, problems: configProblems(env, name) }).toEqual({ name, problems: [] });
      const keysGiven = KEY_VARIABLES.filter((key) => env[`${key}_FILE`] !== undefined || env[key] !== undefined);
      expect({ name, keys: keysGiven.sort() }).toEqual({ name, keys: [...PROCESS_KEYS[name as AppName]].sort() });
    }
  });

  it('runs the migrations as a Job that never seeds, within resources and a locked-down securityContext', () => {
    const job = find(rendered[overlay], 'Job', 'inkan-migrate');
    const container = job.spec!.template!.spec.containers[0];
    expect(container.args).toEqual(['node', 'dist/scripts/migrate.js']);
    expect(container.resources?.limits).toBeDefined();
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
  });

  it('lets traffic into the gateway only, and a PodDisruptionBudget covers every app', () => {
    const policies = rendered[overlay].filter((object) => object.kind === 'NetworkPolicy');
    const admitting = policies.filter((policy) => ((policy.spec?.ingress as unknown[] | undefined) ?? []).length > 0);
    expect(
      admitting.map((policy) => (policy.spec as { podSelector: { matchLabels: Record<string, string> } }).podSelector.matchLabels),
    ).toEqual([{ 'app.kubernetes.io/name': 'inkan', 'app.kubernetes.io/component': 'gateway' }]);
    const denyAll = find(rendered[overlay], 'NetworkPolicy', 'inkan-default-deny');
    expect(denyAll.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'inkan' } },
      policyTypes: ['Ingress', 'Egress'],
    });
    const budgets = rendered[overlay].filter((object) => object.kind === 'PodDisruptionBudget').map((pdb) => pdb.metadata.name);
    expect(budgets.sort()).toEqual([...APP_NAMES].sort());
  });
});

describe('the env check has teeth', () => {
  it('fails for a production Deployment missing one of its keys or given another app’s', () => {
    const dir = mkdtempSync(path.join(scratch, 'teeth-'));
    const signing = containerEnv(rendered.production, find(rendered.production, 'Deployment', 'signing'), dir);
    expect(configProblems({ ...signing, SIGNING_MASTER_KEY_FILE: '' }, 'signing')).toEqual([
      'SIGNING_MASTER_KEY: must be set in production (the development key is public)',
    ]);
    const gateway = containerEnv(rendered.production, find(rendered.production, 'Deployment', 'gateway'), dir);
    expect(configProblems({ ...gateway, SIGNING_MASTER_KEY_FILE: signing.SIGNING_MASTER_KEY_FILE }, 'gateway')).toEqual([
      'SIGNING_MASTER_KEY: gateway does not use this key; remove it (each process holds only its own keys, docs/deploy.md)',
    ]);
  });
});

describe('signing-worker scaling and shutdown', () => {
  it('has an HPA on CPU (dev) and KEDA on the waiting documents and CPU instead (production)', () => {
    const hpa = find(rendered.dev, 'HorizontalPodAutoscaler', 'signing-worker');
    expect(hpa.spec).toMatchObject({ scaleTargetRef: { kind: 'Deployment', name: 'signing-worker' }, minReplicas: 1 });
    expect(rendered.production.some((object) => object.kind === 'HorizontalPodAutoscaler')).toBe(false);
    const scaled = find(rendered.production, 'ScaledObject', 'signing-worker');
    expect(scaled.spec).toMatchObject({ scaleTargetRef: { name: 'signing-worker' }, minReplicaCount: 1 });
    const triggers = (scaled.spec as { triggers: Array<{ type: string; metadata: Record<string, string> }> }).triggers;
    expect(triggers.map((trigger) => trigger.type).sort()).toEqual(['cpu', 'redis']);
    // Deployments never set the signing worker's replicas: the autoscaler owns them.
    expect(find(rendered.production, 'Deployment', 'signing-worker').spec?.replicas).toBeUndefined();
  });

  it('watches the Redis list BullMQ keeps the waiting documents in (checked on the real Redis)', async () => {
    const redisPrefix = find(rendered.production, 'ConfigMap', rendered.production.find((o) => o.kind === 'ConfigMap')!.metadata.name).data!
      .REDIS_PREFIX;
    const scaled = find(rendered.production, 'ScaledObject', 'signing-worker');
    const redisTrigger = (scaled.spec as { triggers: Array<{ type: string; metadata: Record<string, string> }> }).triggers.find(
      (trigger) => trigger.type === 'redis',
    )!;
    const listName = redisTrigger.metadata.listName;
    const config = testConfig({ REDIS_PREFIX: redisPrefix });
    expect(listName).toBe(`${bullPrefix(config)}:${DOCUMENTS_QUEUE}:wait`);

    // The same key under a private prefix: a job queued as the signing service queues it lands there.
    const isolated = testConfig();
    const queue = new Queue(DOCUMENTS_QUEUE, { connection: { url: isolated.REDIS_URL }, prefix: bullPrefix(isolated) });
    const redis = new Redis(isolated.REDIS_URL);
    try {
      await queue.add('document', { probe: true });
      expect(await redis.llen(listName.replace(bullPrefix(config), bullPrefix(isolated)))).toBe(1);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      redis.disconnect();
    }
  });

  it('gives a draining worker longer than its lock to finish its documents', () => {
    const pod = find(rendered.production, 'Deployment', 'signing-worker').spec!.template!.spec;
    const lockSeconds = loadConfig({}).BULK_SIGN_LOCK_MS / 1000;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(Math.max(120, lockSeconds * 4));
  });
});
