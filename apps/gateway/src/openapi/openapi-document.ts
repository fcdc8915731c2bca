import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { ContractEventTypes, WEBHOOK_HEADERS, webhookEventBodySchema } from '@app/contracts';
import { sessionCookie } from '../auth/credentials';
import { ERROR_REPLY_COMPONENT, errorReplyBody, openApiSchema } from './api-docs';

/** Marks set by the access decorators (auth.decorators.ts), read here to write each operation's `security`. */
export const PUBLIC_OPERATION = 'x-inkan-public';
export const SESSION_ONLY_SCHEME = 'sessionOnly';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
const ID_SEPARATOR = '#';
const SAFE_METHODS = new Set(['get', 'head', 'options']);

type Operation = Record<string, unknown> & {
  security?: Array<Record<string, string[]>>;
  parameters?: Array<Record<string, unknown>>;
  tags?: string[];
};

/**
 * `ContractsController.list` on `/api/contracts` → `listContracts`; `.get` on `/api/contracts/{contractId}` →
 * `getContract`: operationIds a generated client reads well.
 */
export function operationIdFor(controllerKey: string, methodKey: string, path: string): string {
  const noun = controllerKey.replace(/Controller$/, '');
  const one = path.includes('{') ? noun.replace(/ies$/, 'y').replace(/([^s])s$/, '$1') : noun;
  return `${methodKey}${one}`;
}

/**
 * The OpenAPI 3.1 document of the gateway, built from the controllers' decorators (whose schemas come from the
 * zod contracts that validate) and finished here: servers, security schemes applied per operation, the shared
 * error component, path parameters.
 */
export function buildOpenApiDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const cookieName = sessionCookie(config).name;
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('inkan API')
      .setDescription(
        'inkan（印鑑）— B2B electronic contracts. Errors are `{ error: { code, status, message: { ja, en } }, requestId }` ' +
          `(component ${ERROR_REPLY_COMPONENT}). A person calls with the session cookie and, on every change, the ` +
          '`X-CSRF-Token` header; a program calls with a bearer API token.',
      )
      .setVersion('0.1.0')
      .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
      .addServer(config.PUBLIC_BASE_URL)
      .addCookieAuth(
        cookieName,
        { type: 'apiKey', in: 'cookie', name: cookieName, description: 'The session cookie set by POST /api/auth/login.' },
        'sessionCookie',
      )
      .addApiKey(
        {
          type: 'apiKey',
          in: 'header',
          name: 'X-CSRF-Token',
          description:
            'The CSRF token of the session (from the login reply and GET /api/auth/session); required with the cookie on every change.',
        },
        'csrfToken',
      )
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'inkan API token',
          description: 'An API token (`ink_…`) created by an administrator.',
        },
        'bearerToken',
      )
      .build(),
    { operationIdFactory: (controllerKey, methodKey) => `${controllerKey}${ID_SEPARATOR}${methodKey}` },
  );
  return finishDocument(document);
}

function finishDocument(document: OpenAPIObject): OpenAPIObject {
  const finished = { ...document, openapi: '3.1.0' };
  finished.components = {
    ...finished.components,
    schemas: {
      ...finished.components?.schemas,
      [ERROR_REPLY_COMPONENT]: errorReplyBody(),
      [WEBHOOK_EVENT_COMPONENT]: openApiSchema(webhookEventBodySchema),
    },
  };
  finished.webhooks = webhooksSection() as OpenAPIObject['webhooks'];
  for (const [path, item] of Object.entries(finished.paths)) {
    const pathParameters = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) {
        continue;
      }
      const [controllerKey, methodKey] = String(operation.operationId).split(ID_SEPARATOR);
      operation.operationId = operationIdFor(controllerKey, methodKey, path);
      operation.security = securityOf(operation, method);
      delete operation[PUBLIC_OPERATION];
      const declared = new Set(
        (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name),
      );
      for (const name of pathParameters) {
        if (!declared.has(name)) {
          operation.parameters = [...(operation.parameters ?? []), { name, in: 'path', required: true, schema: { type: 'string' } }];
        }
      }
    }
  }
  return finished;
}

const WEBHOOK_EVENT_COMPONENT = 'WebhookEvent';

/**
 * What inkan POSTs to a subscriber's URL (registered with POST /api/webhooks), one entry per event type: the body
 * (component WebhookEvent, from the zod schema the dispatcher's body satisfies) and the signature headers.
 */
function webhooksSection(): Record<string, unknown> {
  const headers = Object.entries(WEBHOOK_HEADERS).map(([name, description]) => ({
    name,
    in: 'header',
    required: true,
    description,
    schema: { type: 'string' },
  }));
  return Object.fromEntries(
    Object.values(ContractEventTypes).map((type) => [
      type,
      {
        post: {
          operationId: `webhook${type
            .split('.')
            .map((part) => part[0].toUpperCase() + part.slice(1))
            .join('')}`,
          summary: `Webhook: ${type}`,
          description:
            'Sent to each subscription of a party company that names this event type. Answer 2xx within WEBHOOK_TIMEOUT_MS; ' +
            'anything else is retried with backoff, and the same X-Inkan-Delivery may arrive twice (dedupe on it or on `id`).',
          tags: ['webhooks'],
          security: [],
          parameters: headers,
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  allOf: [
                    { $ref: `#/components/schemas/${WEBHOOK_EVENT_COMPONENT}` },
                    { type: 'object', properties: { type: { const: type } } },
                  ],
                },
              },
            },
          },
          responses: {
            '200': { description: 'Received (any 2xx status counts as delivered).' },
            '400': { description: 'Refused (for example a bad signature or an old timestamp): retried, then marked failed.' },
          },
        },
      },
    ]),
  );
}

/** Public: none; session only: the cookie (+ CSRF header on changes); otherwise the cookie or a bearer token. */
function securityOf(operation: Operation, method: string): Array<Record<string, string[]>> {
  if (operation[PUBLIC_OPERATION] === true) {
    return [];
  }
  const session: Record<string, string[]> = SAFE_METHODS.has(method) ? { sessionCookie: [] } : { sessionCookie: [], csrfToken: [] };
  const sessionOnly = (operation.security ?? []).some((requirement) => SESSION_ONLY_SCHEME in requirement);
  return sessionOnly ? [session] : [session, { bearerToken: [] }];
}
