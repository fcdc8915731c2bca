/**
 * Malformed requests for every operation of an OpenAPI 3.0 document, made
 * deterministically from a seed: wrong types, missing and extra fields, huge
 * and control-character strings, bad path IDs, hostile query strings, wrong
 * content types, empty and invalid bodies. Only the shape of each operation
 * comes from the document, so an endpoint added tomorrow is fuzzed too.
 */

export type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  contentEncoding?: string;
  minimum?: number;
  minItems?: number;
  nullable?: boolean;
};

export interface Operation {
  method: string;
  /** As documented, with `{name}` placeholders. */
  path: string;
  pathParams: string[];
  /** Content types of the documented body (none: the operation takes no body). */
  bodyTypes: string[];
  bodySchema?: Schema;
}

export interface FuzzRequest {
  operation: string;
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

type Document = {
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>
  >;
};

export function operationsOf(document: Document): Operation[] {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const content = operation.requestBody?.content ?? {};
        const json = content['application/json']?.schema;
        return {
          method: method.toUpperCase(),
          path,
          pathParams: (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
          bodyTypes: Object.keys(content),
          ...(json ? { bodySchema: json } : {}),
        };
      }),
    )
    .sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** mulberry32: small, fast and the same on every machine. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const HUGE = 'あ'.repeat(34_000); // about 100 KB in UTF-8
const CONTROLS = 'a\u0000b\u0007\u001b[2J\u007f\u0085\ud800';
/** A PDF header and nothing a parser can use: the malformed-PDF answer must be a 4xx. */
const PDF_GARBAGE = '%PDF-1.4\n%\u00e2\u00e3\n1 0 obj <<>>\nendobj\ntrailer <</Root 9 0 R>>\n%%EOF\n';
const PDF_BASE64 = Buffer.from(PDF_GARBAGE, 'latin1').toString('base64');
// IDs no one holds: a valid-looking request must not reach a real person (the fuzzing administrator's own password, say).
const PATTERN_CANDIDATES = ['U999999', 'C999999', 'P999999', '0000000001', 'AB', '0A1B2C', 'a'.repeat(64), '2026-10-01', '2026-10', 'abc'];

export class RequestFactory {
  private readonly random: () => number;
  private counter = 0;

  constructor(seed: number) {
    this.random = seeded(seed);
  }

  private uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** A plausible value for the schema: what a correct client would send (it need not exist). */
  sample(schema: Schema | undefined, name = ''): unknown {
    if (!schema) {
      return 'x';
    }
    if (schema.enum?.length) {
      return schema.enum[0];
    }
    const variant = schema.anyOf?.[0] ?? schema.oneOf?.[0] ?? schema.allOf?.[0];
    if (variant) {
      return this.sample(variant, name);
    }
    switch (schema.type) {
      case 'object':
        return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, this.sample(value, key)]));
      case 'array':
        return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => this.sample(schema.items, name));
      case 'integer':
      case 'number':
        return schema.minimum !== undefined ? Math.max(schema.minimum, 1) : 1;
      case 'boolean':
        return true;
      case 'string':
      case 'null':
      case undefined:
        return this.sampleString(schema, name);
      default:
        return this.sampleString(schema, name);
    }
  }

  private sampleString(schema: Schema, name: string): string {
    this.counter += 1;
    // Loopback only: a webhook URL is refused at registration, before any connection or DNS query.
    if (schema.format === 'uri' || /url/i.test(name)) {
      return 'http://127.0.0.1:9/fuzz';
    }
    if (schema.format === 'uuid') {
      return this.uuid();
    }
    if (schema.format === 'email' || /email/i.test(name)) {
      return `fuzz${this.counter}@example.jp`;
    }
    if (schema.format === 'date-time') {
      return '2026-10-01T00:00:00.000Z';
    }
    if (schema.format === 'date') {
      return '2026-10-01';
    }
    if (/base64/i.test(name) || schema.format === 'base64' || schema.contentEncoding === 'base64') {
      return PDF_BASE64;
    }
    if (/password/i.test(name)) {
      return `Fuzz-pass-${this.counter}x`;
    }
    if (schema.pattern) {
      const pattern = new RegExp(schema.pattern);
      return PATTERN_CANDIDATES.find((candidate) => pattern.test(candidate)) ?? 'x';
    }
    return `fuzz-${this.counter}`.padEnd(schema.minLength ?? 0, 'x');
  }

  /** Values of the wrong kind, and hostile ones of the right kind, for the schema. */
  private hostile(schema: Schema | undefined): unknown[] {
    const kind = schema?.type ?? (schema?.enum ? 'enum' : 'string');
    const byKind: Record<string, unknown[]> = {
      string: [12345, null, true, { a: 1 }, ['x'], HUGE, '', ' '.repeat(300), 'http://', 'http://[::1', '\ud800', PDF_BASE64],
      enum: ['NOT_A_VALUE', 7, null, ''],
      integer: ['12', -1, 0.5, 1e308, -1e308, null, 'NaN', 2 ** 53 + 2],
      number: ['12', -1e308, 1e308, null, 'Infinity', {}],
      boolean: ['true', 0, null, []],
      array: [{}, 'x', Array.from({ length: 5_000 }, () => 'x'), [null, 1, { nested: [[[]]] }], null],
      object: ['x', [], null, 42, { __proto__: { polluted: true } }],
    };
    return byKind[kind] ?? byKind.string;
  }

  /** Every malformed request for one operation, with the principal's headers. */
  requestsFor(operation: Operation, baseUrl: string, headers: Record<string, string>, known: Record<string, string> = {}): FuzzRequest[] {
    const name = `${operation.method} ${operation.path}`;
    // Path IDs of things that exist where the test made some, so the requests get past "not found".
    const validPath = this.fillPath(operation, (parameter) => known[parameter] ?? this.pathValue(parameter));
    const requests: FuzzRequest[] = [];
    const add = (label: string, path: string, init: { headers?: Record<string, string>; body?: string | Buffer } = {}) =>
      requests.push({
        operation: name,
        label,
        method: operation.method,
        url: `${baseUrl}${path}`,
        headers: { ...headers, ...init.headers },
        body: init.body,
      });

    for (const parameter of operation.pathParams) {
      for (const bad of [
        'x',
        '0',
        '-1',
        '%00',
        '%FF%FE',
        '..%2F..%2Fetc',
        '%20',
        encodeURIComponent('日本語'),
        'A'.repeat(2_000),
        '1e999',
        'null',
      ]) {
        add(
          `path ${parameter}=${bad.slice(0, 20)}`,
          this.fillPath(operation, (param) => (param === parameter ? bad : this.pathValue(param))),
        );
      }
    }
    if (operation.method === 'GET' || operation.method === 'DELETE') {
      for (const query of [
        'page=abc&pageSize=-1',
        'page=1e999&pageSize=0',
        'pageSize=100000',
        'query=%00&name=%00&counterpartyName=%00',
        `query=${encodeURIComponent(HUGE)}`,
        'status=NOPE&role=NOPE&scope=NOPE&state=NOPE',
        'sort=;DROP%20TABLE&order=sideways',
        'from=yesterday&to=2026-13-45&transactionDateFrom=x&amountMin=-x',
        'page=1&page=2&query=a&query=b',
        '__proto__[x]=1&constructor[prototype][y]=2',
        'companyId=%FF&webhookId=x&month=2026-99',
      ]) {
        add(`query ${query.slice(0, 40)}`, `${validPath}?${query}`);
      }
    }
    if (operation.bodyTypes.length > 0 || operation.method !== 'GET') {
      this.bodies(operation, (label, body, contentType) =>
        add(label, validPath, { body, headers: contentType === undefined ? {} : { 'content-type': contentType } }),
      );
    }
    return requests;
  }

  private bodies(operation: Operation, add: (label: string, body: string | Buffer, contentType?: string) => void): void {
    const json = (label: string, value: unknown) => add(label, JSON.stringify(value), 'application/json');
    const base = this.sample(operation.bodySchema) as Record<string, unknown> | undefined;
    json('valid-looking body', base ?? {});
    json('empty object', {});
    for (const root of [[], 'text', 42, null, true]) {
      json(`root ${JSON.stringify(root)}`, root);
    }
    add('invalid JSON', '{"a":', 'application/json');
    add('empty body as JSON', '', 'application/json');
    add('duplicate keys', '{"name":"a","name":{"x":1}}', 'application/json');
    add('prototype keys', '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', 'application/json');
    add('deep nesting', `${'['.repeat(5_000)}${']'.repeat(5_000)}`, 'application/json');
    add('form body', 'loginId=U000001&password=x&name=a', 'application/x-www-form-urlencoded');
    add('text body', JSON.stringify(base ?? {}), 'text/plain');
    add('multipart garbage', '--b\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n--b--', 'multipart/form-data; boundary=b');
    add('PDF garbage', Buffer.from(PDF_GARBAGE, 'latin1'), 'application/pdf');
    add('not a PDF', Buffer.from('definitely not a pdf'), 'application/pdf');
    add('binary', Buffer.from([0, 255, 254, 1, 2, 3]), 'application/octet-stream');
    add('no content type', JSON.stringify(base ?? {}));
    add('timestamp query garbage', Buffer.from([0x30, 0x03, 0x02, 0x01]), 'application/timestamp-query');
    if (!base || typeof base !== 'object' || Array.isArray(base)) {
      return;
    }
    json('extra field', { ...base, unexpectedField: 'x', [`k${CONTROLS}`]: 1 });
    for (const [key, schema] of Object.entries(operation.bodySchema?.properties ?? {}).slice(0, 16)) {
      const { [key]: _dropped, ...without } = base;
      json(`missing ${key}`, without);
      for (const value of this.hostile(schema)) {
        json(`${key}=${String(JSON.stringify(value)).slice(0, 30)}`, { ...base, [key]: value });
      }
      json(`${key} with control characters`, { ...base, [key]: CONTROLS });
      // One level down (a route, a template's fields): a wrong kind and control characters in each field.
      const inner = base[key];
      if (schema.type === 'object' && inner && typeof inner === 'object' && !Array.isArray(inner)) {
        for (const [field, fieldSchema] of Object.entries(schema.properties ?? {}).slice(0, 12)) {
          for (const value of [CONTROLS, this.hostile(fieldSchema)[0], null]) {
            json(`${key}.${field}=${String(JSON.stringify(value)).slice(0, 20)}`, { ...base, [key]: { ...inner, [field]: value } });
          }
        }
      }
    }
  }

  private pathValue(parameter: string): string {
    if (/userId/i.test(parameter)) {
      return 'U999999';
    }
    if (/companyId/i.test(parameter)) {
      return 'C999999';
    }
    return /serial/i.test(parameter) ? 'ABCDEF0123' : this.uuid();
  }

  private fillPath(operation: Operation, valueOf: (parameter: string) => string): string {
    return operation.path.replace(/\{(\w+)\}/g, (_match, parameter: string) => valueOf(parameter));
  }
}
