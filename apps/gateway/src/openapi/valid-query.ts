import { PipeTransform, Query } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';
import { AppError, parseOrThrow } from '@app/contracts';
import { openApiSchema } from './api-docs';

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; description?: string };

/** The query parameters a zod object takes, as its OpenAPI 3.1 input schema describes them. */
function parametersOf(schema: z.ZodType): { properties: Record<string, JsonSchema>; required: Set<string> } {
  const json = openApiSchema(schema, 'input') as JsonSchema;
  return { properties: json.properties ?? {}, required: new Set(json.required ?? []) };
}

const NUMBER = /^-?\d{1,16}(\.\d+)?$/;

/**
 * Parses a query string with its zod schema: text becomes a number or a boolean where the schema takes one, an
 * empty value is left out, and a name the schema does not declare is refused (400 VALIDATION_FAILED, ja/en) — so
 * every documented parameter is honoured and no undocumented one is silently ignored.
 */
export class ZodQueryPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  private readonly parameters: ReturnType<typeof parametersOf>;

  constructor(private readonly schema: S) {
    this.parameters = parametersOf(schema);
  }

  transform(raw: unknown): z.output<S> {
    const query = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const unknown = Object.keys(query).filter((name) => !Object.hasOwn(this.parameters.properties, name));
    if (unknown.length > 0) {
      const known = Object.keys(this.parameters.properties).join(', ') || '(none)';
      throw AppError.of(
        'VALIDATION_FAILED',
        unknown.map((name) => ({
          path: name,
          message: `Unknown query parameter "${name}"; this endpoint takes: ${known}.`,
          messageJa: `検索条件「${name}」は指定できません。指定できる条件: ${known}`,
        })),
      );
    }
    const value: Record<string, unknown> = {};
    for (const [name, given] of Object.entries(query)) {
      if (given === undefined || given === '') {
        continue;
      }
      value[name] = typeof given === 'string' ? this.coerce(name, given) : given;
    }
    return parseOrThrow(this.schema, value);
  }

  private coerce(name: string, text: string): unknown {
    const declared = this.parameters.properties[name]?.type;
    const types = Array.isArray(declared) ? declared : [declared];
    if ((types.includes('integer') || types.includes('number')) && NUMBER.test(text)) {
      return Number(text);
    }
    if (types.includes('boolean') && (text === 'true' || text === 'false')) {
      return text === 'true';
    }
    return text;
  }
}

/**
 * `@ValidQuery(schema) query`: the parsed query (see ZodQueryPipe), and each of the schema's fields declared as a
 * query parameter of the operation in the OpenAPI document — one source for what is validated and documented.
 */
export function ValidQuery(schema: z.ZodType): ParameterDecorator {
  const { properties, required } = parametersOf(schema);
  return (target, key, index) => {
    Query(new ZodQueryPipe(schema))(target, key, index);
    if (key === undefined) {
      return;
    }
    const descriptor = Object.getOwnPropertyDescriptor(target, key) as TypedPropertyDescriptor<unknown>;
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...rest } = property;
      ApiQuery({
        name,
        required: required.has(name),
        ...(description ? { description } : {}),
        schema: rest as Record<string, unknown>,
      })(target, key, descriptor);
    }
  };
}
