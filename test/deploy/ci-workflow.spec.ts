import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@app/config';

/**
 * The GitHub Actions workflow for forks (.github/workflows/ci.yml) keeps the steps of .ci/run, the CI of record:
 * the same step names in the same order, the same commands in each, the same Debian packages, and PostgreSQL,
 * RabbitMQ and Redis as service containers on the loopback ports libs/config defaults to.
 */

const repoRoot = path.resolve(__dirname, '../..');
const ciRun = readFileSync(path.join(repoRoot, '.ci/run'), 'utf8');

interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<
    string,
    {
      'runs-on': string;
      env?: Record<string, string>;
      services: Record<string, { image: string; ports: string[]; env?: Record<string, string> }>;
      steps: WorkflowStep[];
    }
  >;
}
const workflow = parse(readFileSync(path.join(repoRoot, '.github/workflows/ci.yml'), 'utf8')) as Workflow;
const job = workflow.jobs.ci;

/** .ci/run's sections: each `step "name"` with the lines up to the next one (the closing "done" left out). */
function ciRunSections(): { name: string; lines: string[] }[] {
  const sections: { name: string; lines: string[] }[] = [];
  for (const line of ciRun.split('\n')) {
    const started = /^step "([^"]+)"$/.exec(line.trim());
    if (started) {
      sections.push({ name: started[1], lines: [] });
    } else if (sections.length > 0 && line.trim() !== '' && !line.trim().startsWith('#')) {
      sections[sections.length - 1].lines.push(line.trim());
    }
  }
  return sections.filter((section) => section.name !== 'done');
}

function stepNamed(name: string): WorkflowStep {
  const step = job.steps.find((candidate) => candidate.name === name);
  if (!step?.run) {
    throw new Error(`the workflow has no step "${name}" that runs something`);
  }
  return step;
}

/** The packages an `apt-get install` line installs (options and shell redirections left out). */
function aptPackages(text: string): string[] {
  const joined = text.replace(/\\\n\s*/g, ' ');
  return [...joined.matchAll(/apt-get install ([^\n|&>;]+)/g)].flatMap((match) =>
    match[1].split(/\s+/).filter((word) => word !== '' && !word.startsWith('-')),
  );
}

describe('.github/workflows/ci.yml', () => {
  it('runs on every push and pull request, on one job with the three services', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
    expect(Object.keys(workflow.jobs)).toEqual(['ci']);
    expect(Object.keys(job.services).sort()).toEqual(['postgres', 'rabbitmq', 'redis']);
  });

  it('names the steps of .ci/run, in the same order', () => {
    const named = job.steps.filter((step) => step.name).map((step) => step.name);
    expect(named).toEqual(ciRunSections().map((section) => section.name));
    expect(ciRunSections().map((section) => section.name)).toEqual(expect.arrayContaining(['lint', 'type-check', 'format', 'build']));
  });

  it('runs the commands of .ci/run in the step of the same name', () => {
    const commands = ciRunSections().flatMap((section) =>
      section.lines
        .map((line) => /^(npm (?:ci|run|test)\b[^|]*?|docker-compose [^|]+?)(?:\s*2>&1)?(?:\s*\|.*)?$/.exec(line)?.[1].trim())
        .filter((command): command is string => command !== undefined)
        .map((command) => ({ step: section.name, command })),
    );
    expect(commands.map(({ command }) => command)).toEqual([
      'npm ci --no-audit --no-fund',
      'npm run lint',
      'npm run typecheck',
      'npm run format:check',
      'docker-compose -f docker-compose.yml config -q',
      'npm run build',
      'npm test',
    ]);
    for (const { step, command } of commands) {
      expect({ step, run: stepNamed(step).run }).toEqual({ step, run: expect.stringContaining(command) });
    }
  });

  it('ends like .ci/run: fails unless the test run printed its summary line', () => {
    const tests = stepNamed('tests (npm test)').run as string;
    expect(tests).toContain('set -o pipefail');
    expect(tests).toContain("grep -E '^tests: [0-9]+ passed, [0-9]+ failed$'");
  });

  it('installs the Debian packages .ci/run installs, and the browser the tests drive at /usr/bin/chromium', () => {
    const installed = aptPackages(stepNamed('Debian packages').run as string);
    // Ubuntu's chromium is a snap stub: the runner's Google Chrome is linked to the path the tests use instead.
    const wanted = aptPackages(ciRun).filter((name) => name !== 'chromium' && name !== 'kubectl');
    expect(wanted).toEqual(expect.arrayContaining(['poppler-utils', 'qpdf', 'libnss3-tools', 'openssl', 'docker-compose']));
    expect(installed).toEqual(expect.arrayContaining(wanted));
    // The private brokers of the crash tests need the servers' programs.
    expect(installed).toEqual(expect.arrayContaining(['redis-server', 'rabbitmq-server']));
    expect(stepNamed('Debian packages').run).toContain('/usr/bin/chromium');
  });

  it('publishes the services on the loopback ports of the default configuration, reachable as .ci/run expects', () => {
    const defaults = loadConfig({});
    const portOf = (url: string) => new URL(url).port;
    expect(job.services.postgres.ports).toEqual([`127.0.0.1:${portOf(defaults.DATABASE_URL)}:5432`]);
    expect(job.services.rabbitmq.ports).toEqual([`127.0.0.1:${portOf(defaults.AMQP_URL)}:5672`]);
    expect(job.services.redis.ports).toEqual([`127.0.0.1:${portOf(defaults.REDIS_URL)}:6379`]);
    // The default DATABASE_URL has no password: the server trusts the runner.
    expect(new URL(defaults.DATABASE_URL).password).toBe('');
    expect(job.services.postgres.env).toEqual({ POSTGRES_HOST_AUTH_METHOD: 'trust' });
    const majors = Object.fromEntries(Object.entries(job.services).map(([name, service]) => [name, service.image]));
    expect(majors).toEqual({ postgres: 'postgres:16', rabbitmq: 'rabbitmq:3.13', redis: 'redis:7' });
  });

  it('installs no git hooks in CI', () => {
    expect(job.env).toMatchObject({ HUSKY: '0' });
  });
});
