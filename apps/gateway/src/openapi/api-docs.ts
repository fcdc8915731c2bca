import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { errorReplySchema } from '@app/contracts';

/**
 * A zod contract as an OpenAPI 3.1 schema (JSON Schema draft 2020-12), so the documentation cannot drift from what
 * is validated.
 */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

/** The error envelope every error status answers: one component, referenced from every operation. */
export const ERROR_REPLY_COMPONENT = 'ErrorReply';
export const errorReplyBody = () => openApiSchema(z.object({ error: errorReplySchema, requestId: z.string() }));
const errorBody = { $ref: `#/components/schemas/${ERROR_REPLY_COMPONENT}` };

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The input breaks a rule; `error.details` names each field (message in English and Japanese).',
  401: 'Not logged in, the session ended, or the credentials are wrong.',
  403: 'Logged in, but without the role or scope (or the password must be changed first, code PASSWORD_CHANGE_REQUIRED; or the CSRF token is missing, code CSRF_REJECTED; or a browser sent the change from another site, code CROSS_ORIGIN_REJECTED).',
  404: 'Not found — also the answer for anything belonging to another company.',
  408: 'The body did not arrive within its deadline (HTTP_BODY_TIMEOUT_MS, plus time by size on upload routes); the connection is closed.',
  409: 'Conflicts with the current state.',
  413: 'The body is larger than this route takes (1 MiB of JSON unless the route says otherwise; PDF_TOO_LARGE names the PDF limit); an announced Content-Length over it is refused before the body is read.',
  415: 'The body is not of a media type this route takes (JSON everywhere, except where the route lists others).',
  422: 'Understood but refused by a rule on its content (e.g. IDEMPOTENCY_KEY_REUSED, PDF_ACTIVE_CONTENT).',
  429: 'Too many attempts from this address; retry after the time in Retry-After.',
  503: 'A service is unavailable.',
  504: 'A service did not answer in time.',
};

/** Documents the JSON body, the success reply and every error status an endpoint can answer. */
export function ApiContract(options: { body?: z.ZodType; ok?: z.ZodType; okStatus?: number; okDescription?: string; errors: number[] }) {
  const decorators = [
    ...(options.body ? [ApiBody({ schema: openApiSchema(options.body, 'input') })] : []),
    ApiResponse({
      status: options.okStatus ?? 200,
      description: options.okDescription ?? 'Done.',
      ...(options.ok ? { schema: openApiSchema(options.ok) } : {}),
    }),
    ...[...new Set([...options.errors, 503, 504])].map((status) =>
      ApiResponse({ status, description: ERROR_DESCRIPTIONS[status] ?? 'Error.', schema: errorBody }),
    ),
  ];
  return applyDecorators(...decorators);
}
