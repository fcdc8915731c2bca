import { z } from 'zod';
import { AppError } from './errors';

/** Parses a value or throws VALIDATION_FAILED naming each offending field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw AppError.of(
      'VALIDATION_FAILED',
      parsed.error.issues.map((issue) => ({
        path: issue.path.join('.') || '(root)',
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}
