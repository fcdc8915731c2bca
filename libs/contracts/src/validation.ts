import { z } from 'zod';
import { AppError } from './errors';

const japanese = z.locales.ja();

/**
 * Parses a value or throws VALIDATION_FAILED naming each offending field, with
 * the message in English and (`messageJa`) in Japanese. A rule of our own
 * (a refinement) gives its Japanese as `params.messageJa`.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const inJapanese = schema.safeParse(value, { error: japanese.localeError }).error?.issues ?? [];
    throw AppError.of(
      'VALIDATION_FAILED',
      parsed.error.issues.map((issue, index) => ({
        path: issue.path.join('.') || '(root)',
        message: issue.message,
        messageJa: japaneseOf(issue) ?? inJapanese[index]?.message ?? issue.message,
      })),
    );
  }
  return parsed.data;
}

function japaneseOf(issue: z.core.$ZodIssue): string | undefined {
  const text: unknown = issue.code === 'custom' ? issue.params?.messageJa : undefined;
  return typeof text === 'string' ? text : undefined;
}
