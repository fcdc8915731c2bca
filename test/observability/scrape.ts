import { createServer } from 'node:net';

/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  status: number;
  contentType: string;
  samples: Sample[];
  /** Every metric name the exposition declares (# TYPE), with a histogram's _bucket, _sum and _count. */
  names: Set<string>;
  text: string;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text format (version 0.0.4) a /metrics endpoint serves. */
export function parseExposition(text: string): Pick<Scrape, 'samples' | 'names'> {
  const samples: Sample[] = [];
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      const [, name, kind] = type;
      names.add(name);
      if (kind === 'histogram') {
        ['_bucket', '_sum', '_count'].forEach((suffix) => names.add(name + suffix));
      } else if (kind === 'summary') {
        ['_sum', '_count'].forEach((suffix) => names.add(name + suffix));
      }
      continue;
    }
    if (line.startsWith('#') || line.trim() === '') {
      continue;
    }
    const match = SAMPLE.exec(line);
    if (!match) {
      throw new Error(`unparsable exposition line: ${line}`);
    }
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) {
      labels[key] = value.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return { samples, names };
}

export async function scrape(port: number, path = '/metrics'): Promise<Scrape> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  const text = await response.text();
  const parsed = response.status === 200 ? parseExposition(text) : { samples: [], names: new Set<string>() };
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, ...parsed };
}

/** The samples of `name` whose labels include `labels`. */
export function matching(scraped: Pick<Scrape, 'samples'>, name: string, labels: Record<string, string> = {}): Sample[] {
  return scraped.samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

/** The sum of the matching samples' values; undefined when there is none. */
export function valueOf(scraped: Pick<Scrape, 'samples'>, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = matching(scraped, name, labels);
  return found.length === 0 ? undefined : found.reduce((sum, sample) => sum + sample.value, 0);
}

/** Free loopback ports (listened on once and released), one per name. */
export async function freePorts<N extends string>(names: readonly N[]): Promise<Record<N, number>> {
  const ports = {} as Record<N, number>;
  for (const name of names) {
    ports[name] = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
  }
  return ports;
}

/** Every inkan_ metric name a PromQL expression uses. */
export function metricNamesIn(expression: string): string[] {
  return [...new Set(expression.match(/\binkan_[a-z0-9_]+/g) ?? [])];
}
