import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { APP_NAMES } from './apps';
import { repoRoot } from './dockerfile-steps';

/**
 * deploy/k8s/components/monitoring, added to the dev overlay and rendered by `kubectl kustomize`:
 * the PodMonitor reaches every app's /metrics on the port the probes use, the NetworkPolicy opens
 * exactly that port to Prometheus, the PrometheusRule carries deploy/observability/alerts.yaml's
 * rules unchanged, and the rest of the rendering is what the overlay renders without it.
 */

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec?: any;
}

let scratch: string;
let plain: K8sObject[];
let monitored: K8sObject[];

function render(overlay: string): K8sObject[] {
  const text = execFileSync('kubectl', ['kustomize', path.join(scratch, 'k8s/overlays', overlay)], { encoding: 'utf8' });
  return parseAllDocuments(text).map((document) => document.toJSON() as K8sObject);
}

function only(objects: K8sObject[], kind: string): K8sObject {
  const found = objects.filter((object) => object.kind === kind);
  expect({ kind, count: found.length }).toEqual({ kind, count: 1 });
  return found[0];
}

const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'inkan-monitoring-'));
  cpSync(path.join(repoRoot, 'deploy/k8s'), path.join(scratch, 'k8s'), { recursive: true });
  const overlay = path.join(scratch, 'k8s/overlays/dev-monitored');
  mkdirSync(overlay);
  writeFileSync(
    path.join(overlay, 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources: [../dev]',
      'components: [../../components/monitoring]',
      '',
    ].join('\n'),
  );
  plain = render('dev');
  monitored = render('dev-monitored');
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('deploy/k8s/components/monitoring', () => {
  it('adds a PodMonitor, a PrometheusRule and a NetworkPolicy, and changes nothing else', () => {
    const added = monitored.filter(
      (object) => !plain.some((other) => other.kind === object.kind && other.metadata.name === object.metadata.name),
    );
    expect(added.map((object) => `${object.kind}/${object.metadata.name}`).sort()).toEqual([
      'NetworkPolicy/inkan-metrics-ingress',
      'PodMonitor/inkan',
      'PrometheusRule/inkan',
    ]);
    const kept = monitored.filter((object) => !added.includes(object));
    expect(kept).toEqual(plain);
    // The NetworkPolicy is valid against the Kubernetes API schema.
    const results = JSON.parse(
      execFileSync(process.execPath, [path.join(__dirname, 'validate-k8s.mjs')], {
        input: JSON.stringify(added.filter((object) => object.kind === 'NetworkPolicy')),
        encoding: 'utf8',
      }),
    ) as Array<{ error: string | null }>;
    expect(results).toEqual([{ kind: 'NetworkPolicy', name: 'inkan-metrics-ingress', error: null }]);
  });

  it('scrapes /metrics of every app on the container port its probes use, the one HEALTH_PORT sets', () => {
    const monitor = only(monitored, 'PodMonitor');
    expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor.metadata).toMatchObject({ name: 'inkan' });
    const [endpoint] = monitor.spec.podMetricsEndpoints as Array<{ port: string; path: string }>;
    expect(endpoint).toMatchObject({ port: 'health', path: '/metrics' });
    const config = only(monitored, 'ConfigMap');
    const deployments = monitored.filter((object) => object.kind === 'Deployment');
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual([...APP_NAMES].sort());
    for (const deployment of deployments) {
      const pod = deployment.spec.template;
      const name = deployment.metadata.name;
      expect({ name, selected: matches(monitor.spec.selector.matchLabels, pod.metadata.labels) }).toEqual({ name, selected: true });
      const container = pod.spec.containers[0];
      const port = (container.ports as Array<{ name: string; containerPort: number }>).find(
        (candidate) => candidate.name === endpoint.port,
      );
      expect({ name, port: port?.containerPort }).toEqual({ name, port: Number(config.data!.HEALTH_PORT) });
      expect({ name, probe: container.readinessProbe.httpGet.port }).toEqual({ name, probe: endpoint.port });
    }
    // The NetworkPolicy opens that port, to Prometheus' pods in the monitoring namespace only.
    const policy = monitored.find((object) => object.kind === 'NetworkPolicy' && object.metadata.name === 'inkan-metrics-ingress')!;
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: monitor.spec.selector.matchLabels },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
              podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
            },
          ],
          ports: [{ protocol: 'TCP', port: endpoint.port }],
        },
      ],
    });
  });

  it('carries the alert rules of deploy/observability/alerts.yaml unchanged', () => {
    const rule = only(monitored, 'PrometheusRule');
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    const alerts = parse(readFileSync(path.join(repoRoot, 'deploy/observability/alerts.yaml'), 'utf8')) as { groups: unknown[] };
    expect(alerts.groups.length).toBeGreaterThan(0);
    expect(rule.spec.groups).toEqual(alerts.groups);
  });
});
