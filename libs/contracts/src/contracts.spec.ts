import { z } from 'zod';
import { actorContextSchema, systemActor } from './actor.schema';
import { AppError, CommonErrorCode, CommonErrors, errorReplySchema, errorFactory } from './errors';
import { ALL_SERVICES, eventSubscribers, Events, gatewayEvents, patternOwner, Patterns, pingPatternOf, Services } from './names';
import { notificationRequestedSchema } from './notification.schema';
import { pingPayloadSchema, pingReplySchema } from './ping.schema';
import { eventContracts, isEventName, isRpcPattern, payloadSchemaOf, rpcContracts } from './registry';
import { parseOrThrow } from './validation';

const NAME = /^[a-z][a-z-]*(\.[a-z][a-z-]*)+$/;

/** Every pattern with the key of the Patterns group it is declared in. */
const declaredPatterns = Object.entries(Patterns).flatMap(([group, patterns]) =>
  Object.values(patterns).map((pattern: string) => ({ group, pattern })),
);
const allPatterns = declaredPatterns.map(({ pattern }) => pattern);
const allEvents: string[] = Object.values(Events);

function thrownBy(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('contract registry', () => {
  it('declares at least one pattern per service and at least one event', () => {
    expect(allPatterns.length).toBeGreaterThanOrEqual(ALL_SERVICES.length);
    expect(allEvents.length).toBeGreaterThanOrEqual(1);
  });

  describe.each(declaredPatterns)('RPC pattern $pattern', ({ group, pattern }) => {
    it('has payload and reply schemas in rpcContracts', () => {
      expect(isRpcPattern(pattern)).toBe(true);
      const contract = (rpcContracts as Record<string, { payload: z.ZodType; reply: z.ZodType }>)[pattern];
      expect(contract.payload).toBeInstanceOf(z.ZodType);
      expect(contract.reply).toBeInstanceOf(z.ZodType);
      expect(payloadSchemaOf(pattern)).toBe(contract.payload);
    });

    it('is owned by the service its prefix names, the one whose group declares it', () => {
      const owner = (patternOwner as Record<string, string>)[pattern];
      expect(ALL_SERVICES).toContain(owner);
      expect(pattern.split('.')[0]).toBe(owner);
      expect((Services as Record<string, string>)[group]).toBe(owner);
    });
  });

  it('has no rpcContracts or patternOwner entry for an undeclared pattern', () => {
    expect(Object.keys(rpcContracts).sort()).toEqual([...allPatterns].sort());
    expect(Object.keys(patternOwner).sort()).toEqual([...allPatterns].sort());
  });

  it('gives every service a ping pattern that it owns', () => {
    expect(Object.keys(pingPatternOf).sort()).toEqual([...ALL_SERVICES].sort());
    for (const service of ALL_SERVICES) {
      const pattern = pingPatternOf[service];
      expect(pattern).toBe(`${service}.ping`);
      expect(patternOwner[pattern]).toBe(service);
      expect(rpcContracts[pattern].reply).toBe(pingReplySchema);
    }
  });

  describe.each(allEvents)('event %s', (event) => {
    it('has a payload schema in eventContracts', () => {
      expect(isEventName(event)).toBe(true);
      const contract = (eventContracts as Record<string, { payload: z.ZodType }>)[event];
      expect(contract.payload).toBeInstanceOf(z.ZodType);
      expect(payloadSchemaOf(event)).toBe(contract.payload);
    });

    it('has subscribers, each a known service, none twice', () => {
      const subscribers = (eventSubscribers as Record<string, readonly string[]>)[event];
      // contract.* are published for consumers outside inkan's services (and mirrored to webhooks), the gateway's events for
      // its progress streams; every other event has one.
      if (!event.startsWith('contract.') && !(gatewayEvents as readonly string[]).includes(event)) {
        expect(subscribers.length).toBeGreaterThan(0);
      }
      expect(new Set(subscribers).size).toBe(subscribers.length);
      for (const subscriber of subscribers) {
        expect(ALL_SERVICES).toContain(subscriber);
      }
    });
  });

  it('has no eventContracts or eventSubscribers entry for an undeclared event', () => {
    expect(Object.keys(eventContracts).sort()).toEqual([...allEvents].sort());
    expect(Object.keys(eventSubscribers).sort()).toEqual([...allEvents].sort());
  });

  it('uses each name once across patterns and events', () => {
    const names = [...allPatterns, ...allEvents];
    const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
    expect(duplicates).toEqual([]);
  });

  it('spells every name as dot-separated lower-case words, never with ":"', () => {
    for (const name of [...allPatterns, ...allEvents]) {
      expect(name).toMatch(NAME);
      expect(name).not.toContain(':');
    }
  });

  it('knows no schema for an unknown name', () => {
    expect(isRpcPattern('identity.unknown')).toBe(false);
    expect(isEventName('identity.ping')).toBe(false);
    expect(isRpcPattern('toString')).toBe(false);
    expect(isEventName('__proto__')).toBe(false);
    expect(payloadSchemaOf('nobody.listens')).toBeUndefined();
    expect(payloadSchemaOf('toString')).toBeUndefined();
    expect(payloadSchemaOf('__proto__')).toBeUndefined();
  });
});

describe('parseOrThrow', () => {
  const schema = z.object({
    title: z.string().min(1),
    party: z.object({ email: z.email(), name: z.string() }),
    amount: z.number().int(),
    tags: z.array(z.string()).default([]),
  });

  it('returns the parsed value, defaults applied', () => {
    const value = parseOrThrow(schema, { title: 'NDA', party: { email: 'a@example.jp', name: '山田' }, amount: 3 });
    expect(value).toEqual({ title: 'NDA', party: { email: 'a@example.jp', name: '山田' }, amount: 3, tags: [] });
  });

  it('throws VALIDATION_FAILED naming each offending field path', () => {
    const error = thrownBy(() =>
      parseOrThrow(schema, { title: '', party: { email: 'not-an-email', name: 7 }, amount: 1.5, tags: ['ok', 3] }),
    );

    expect(error).toBeInstanceOf(AppError);
    const { reply } = error as AppError;
    expect(reply.code).toBe('VALIDATION_FAILED');
    expect(reply.status).toBe(400);
    expect(reply.message).toEqual({ ja: CommonErrors.VALIDATION_FAILED.ja, en: CommonErrors.VALIDATION_FAILED.en });
    expect(reply.details?.map((detail) => detail.path).sort()).toEqual(['amount', 'party.email', 'party.name', 'tags.1', 'title']);
    for (const detail of reply.details ?? []) {
      expect(detail.message.length).toBeGreaterThan(0);
    }
    // Each detail says what is wrong in Japanese as well.
    const email = reply.details?.find((detail) => detail.path === 'party.email');
    expect(email?.message).toBe('Invalid email address');
    expect(email?.messageJa).toBe('無効なメールアドレス');
    expect(AppError.isErrorReply(reply)).toBe(true);
  });

  it('names a missing field and a wrong root as such', () => {
    const missing = thrownBy(() => parseOrThrow(schema, { party: { email: 'a@example.jp', name: 'x' }, amount: 1 })) as AppError;
    expect(missing.reply.details?.map((detail) => detail.path)).toEqual(['title']);

    const root = thrownBy(() => parseOrThrow(schema, 'not an object')) as AppError;
    expect(root.reply.code).toBe('VALIDATION_FAILED');
    expect(root.reply.details?.map((detail) => detail.path)).toEqual(['(root)']);
  });

  it('validates an event payload through its registered schema', () => {
    const payload = parseOrThrow(eventContracts[Events.notificationRequested].payload, {
      template: 'user-registered',
      to: { email: 'signer@example.co.jp', name: '山田 太郎' },
      params: { userId: 'U000027', companyName: '株式会社テスト' },
    });
    expect(payload).toEqual({
      template: 'user-registered',
      to: { email: 'signer@example.co.jp', name: '山田 太郎', language: 'ja' },
      params: { userId: 'U000027', companyName: '株式会社テスト' },
    });

    const error = thrownBy(() =>
      parseOrThrow(notificationRequestedSchema, {
        template: 'user-registered',
        to: { email: 'nobody', name: 'x', language: 'fr' },
        params: {},
      }),
    ) as AppError;
    expect(error.reply.details?.map((detail) => detail.path).sort()).toEqual([
      'params.companyName',
      'params.userId',
      'to.email',
      'to.language',
    ]);
  });

  it('requires a sealed secret for secret-carrying mails and refuses a clear one', () => {
    const request = {
      template: 'initial-password',
      to: { email: 'a@example.jp', name: 'a' },
      params: { userId: 'U000001', reason: 'registered' },
    };
    const missing = thrownBy(() => parseOrThrow(notificationRequestedSchema, request)) as AppError;
    expect(missing.reply.details?.map((detail) => detail.path)).toEqual(['secret']);
    const clear = thrownBy(() => parseOrThrow(notificationRequestedSchema, { ...request, secret: 'Passw0rd!' })) as AppError;
    expect(clear.reply.details?.map((detail) => detail.path)).toEqual(['secret']);
  });

  it('refuses an unknown template by name', () => {
    const error = thrownBy(() =>
      parseOrThrow(notificationRequestedSchema, { template: 'contract-signed', to: { email: 'a@example.jp', name: 'a' }, params: {} }),
    ) as AppError;
    expect(error.reply.details?.map((detail) => detail.path)).toEqual(['template']);
  });
});

describe('errorFactory', () => {
  it('makes typed AppErrors from a service table, with details when given', () => {
    const table = { THING_BROKEN: { status: 409, ja: '壊れています。', en: 'It is broken.' } } as const;
    const error = errorFactory(table)('THING_BROKEN', [{ path: 'thing', message: 'broken' }]);
    expect(error).toBeInstanceOf(AppError);
    expect(error.reply).toEqual({
      code: 'THING_BROKEN',
      status: 409,
      message: { ja: '壊れています。', en: 'It is broken.' },
      details: [{ path: 'thing', message: 'broken' }],
    });
    expect(errorFactory(table)('THING_BROKEN').reply).not.toHaveProperty('details');
  });
});

describe('AppError', () => {
  it.each(Object.keys(CommonErrors) as CommonErrorCode[])('of(%s) carries its status and both messages', (code) => {
    const error = AppError.of(code);

    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(AppError);
    expect(error.name).toBe('AppError');
    expect(error.reply).toEqual({
      code,
      status: CommonErrors[code].status,
      message: { ja: CommonErrors[code].ja, en: CommonErrors[code].en },
    });
    expect(error.reply).not.toHaveProperty('details');
    expect(error.message).toBe(`${code}: ${CommonErrors[code].en}`);
    expect(error.reply.message.ja).not.toBe(error.reply.message.en);
    expect(errorReplySchema.parse(error.reply)).toEqual(error.reply);
  });

  it('of() keeps the details it is given', () => {
    const details = [{ path: 'email', message: 'Invalid email address' }];
    expect(AppError.of('VALIDATION_FAILED', details).reply.details).toEqual(details);
  });

  it('maps the common codes to their HTTP statuses', () => {
    expect(Object.fromEntries(Object.entries(CommonErrors).map(([code, { status }]) => [code, status]))).toEqual({
      VALIDATION_FAILED: 400,
      UNAUTHENTICATED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      PAYLOAD_TOO_LARGE: 413,
      SECRET_UNREADABLE: 400,
      NO_HANDLER: 501,
      SERVICE_UNAVAILABLE: 503,
      TIMEOUT: 504,
      INTERNAL: 500,
    });
  });

  describe('isErrorReply', () => {
    it.each([
      ['a common error', AppError.of('NOT_FOUND').reply],
      ['an error with details', AppError.of('VALIDATION_FAILED', [{ path: 'a', message: 'b' }]).reply],
      ['a domain error', { code: 'BLOB_NOT_FOUND', status: 404, message: { ja: '見つかりません。', en: 'Not found.' } }],
      ['a reply that crossed JSON', JSON.parse(JSON.stringify(AppError.of('TIMEOUT').reply)) as unknown],
    ])('accepts %s', (_label, value) => {
      expect(AppError.isErrorReply(value)).toBe(true);
    });

    it.each([
      ['null', null],
      ['undefined', undefined],
      ['a string', 'NOT_FOUND'],
      ['an empty object', {}],
      ['an Error', new Error('boom')],
      ['an AppError itself (not its reply)', AppError.of('INTERNAL')],
      ['a lower-case code', { code: 'not_found', status: 404, message: { ja: 'x', en: 'x' } }],
      ['a success status', { code: 'OK', status: 200, message: { ja: 'x', en: 'x' } }],
      ['a status above 599', { code: 'WEIRD', status: 600, message: { ja: 'x', en: 'x' } }],
      ['a fractional status', { code: 'WEIRD', status: 404.5, message: { ja: 'x', en: 'x' } }],
      ['a missing English message', { code: 'NOT_FOUND', status: 404, message: { ja: 'x' } }],
      ['an empty Japanese message', { code: 'NOT_FOUND', status: 404, message: { ja: '', en: 'x' } }],
      ['a plain-string message', { code: 'NOT_FOUND', status: 404, message: 'Not found' }],
      ['malformed details', { code: 'NOT_FOUND', status: 404, message: { ja: 'x', en: 'x' }, details: [{ path: 1 }] }],
    ])('rejects %s', (_label, value) => {
      expect(AppError.isErrorReply(value)).toBe(false);
    });
  });
});

describe('actorContextSchema', () => {
  it('accepts a user of a company with roles', () => {
    const actor = { kind: 'user', userId: 'U000001', companyId: 'C000001', roles: ['registrant', 'signer'], requestId: 'req-1' };
    expect(actorContextSchema.parse(actor)).toEqual(actor);
  });

  it('defaults roles to none and accepts the system actor', () => {
    expect(actorContextSchema.parse({ kind: 'anonymous', requestId: 'r' })).toEqual({ kind: 'anonymous', roles: [], requestId: 'r' });
    expect(actorContextSchema.parse(systemActor('job-42'))).toEqual({ kind: 'system', roles: [], requestId: 'job-42' });
  });

  it.each([
    ['a short user id', { userId: 'U1' }],
    ['a user id with the wrong letter', { userId: 'X000001' }],
    ['a company id as user id', { userId: 'C000001' }],
    ['a seven-digit user id', { userId: 'U0000001' }],
    ['a short company id', { companyId: 'C1' }],
    ['a company id with the wrong letter', { companyId: 'X000001' }],
    ['an unknown role', { roles: ['root'] }],
    ['an unknown kind', { kind: 'robot' }],
    ['an empty request id', { requestId: '' }],
    ['an over-long request id', { requestId: 'r'.repeat(129) }],
  ])('rejects %s', (_label, change) => {
    const actor = { kind: 'user', userId: 'U000001', companyId: 'C000001', roles: ['signer'], requestId: 'req-1', ...change };
    expect(actorContextSchema.safeParse(actor).success).toBe(false);
  });

  it('rejects an actor without a request id', () => {
    expect(actorContextSchema.safeParse({ kind: 'user', userId: 'U000001' }).success).toBe(false);
  });
});

describe('ping schemas', () => {
  const reply = {
    service: 'contract-workflow',
    status: 'up',
    instance: 'contract-workflow@host-a:4242',
    uptimeSeconds: 1234.5,
    components: {
      postgres: { status: 'up', latencyMs: 2.7 },
      rabbitmq: { status: 'up', latencyMs: 0 },
      redis: { status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:6379' },
    },
  };

  it('accepts a realistic ping reply', () => {
    expect(pingReplySchema.parse(reply)).toEqual(reply);
    expect(pingReplySchema.parse({ ...reply, components: {} })).toEqual({ ...reply, components: {} });
  });

  it.each([
    ['a negative uptime', { uptimeSeconds: -1 }],
    ['an unknown status', { status: 'degraded' }],
    ['a component with an unknown status', { components: { postgres: { status: 'slow' } } }],
    ['a negative latency', { components: { postgres: { status: 'up', latencyMs: -3 } } }],
    ['a missing instance', { instance: undefined }],
  ])('rejects a reply with %s', (_label, change) => {
    expect(pingReplySchema.safeParse({ ...reply, ...change }).success).toBe(false);
  });

  it('accepts only an empty ping payload', () => {
    expect(pingPayloadSchema.safeParse({}).success).toBe(true);
    expect(pingPayloadSchema.safeParse({ extra: true }).success).toBe(false);
    expect(pingPayloadSchema.safeParse(null).success).toBe(false);
  });
});
