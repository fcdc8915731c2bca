import { z } from 'zod';
import { AppError, ErrorReply } from './errors';

const japanese = z.locales.ja();

/**
 * C0 controls other than tab, line feed and carriage return, DEL, and C1
 * controls. PostgreSQL refuses NUL outright (a 500 where the caller made the
 * mistake), and the others have no place in a name, a comment or a filter.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

export interface ParseOptions {
  /**
   * Values the platform produced itself (an RPC reply) may carry text read
   * from a document, such as a certificate's subject; only input is refused.
   */
  allowControlCharacters?: boolean;
}

/**
 * Parses a value or throws VALIDATION_FAILED naming each offending field, with
 * the message in English and (`messageJa`) in Japanese. A rule of our own
 * (a refinement) gives its Japanese as `params.messageJa`.
 *
 * One rule for every schema: no string anywhere in the value (nor an object
 * key) may hold a control character (see CONTROL_CHARACTER).
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, options: ParseOptions = {}): z.output<S> {
  const controls = options.allowControlCharacters ? [] : controlCharacterIssues(value);
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const inJapanese = schema.safeParse(value, { error: japanese.localeError }).error?.issues ?? [];
    const issues = parsed.error.issues.map((issue, index) => ({
      path: pathOf(issue.path),
      message: issue.message,
      messageJa: japaneseOf(issue) ?? inJapanese[index]?.message ?? issue.message,
    }));
    throw AppError.of('VALIDATION_FAILED', [...controls, ...issues.filter((issue) => !controls.some((c) => c.path === issue.path))]);
  }
  if (controls.length > 0) {
    throw AppError.of('VALIDATION_FAILED', controls);
  }
  return parsed.data;
}

/** Every string (and key) of a JSON-like value that holds a control character, by its path. */
export function controlCharacterIssues(value: unknown): NonNullable<ErrorReply['details']> {
  const issues: NonNullable<ErrorReply['details']> = [];
  const visit = (node: unknown, path: PropertyKey[], depth: number): void => {
    if (typeof node === 'string') {
      if (CONTROL_CHARACTER.test(node)) {
        issues.push({
          path: pathOf(path),
          message: 'must not contain control characters (such as NUL)',
          messageJa: '制御文字（NULなど）は使用できません',
        });
      }
      return;
    }
    // Deeper than any schema goes: the schema itself refuses such a value.
    if (typeof node !== 'object' || node === null || depth > 32 || issues.length >= 20) {
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      visit(CONTROL_CHARACTER.test(key) ? key : child, [...path, key], depth + 1);
    }
  };
  visit(value, [], 0);
  return issues;
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.') || '(root)';
}

function japaneseOf(issue: z.core.$ZodIssue): string | undefined {
  const text: unknown = issue.code === 'custom' ? issue.params?.messageJa : undefined;
  return typeof text === 'string' ? text : undefined;
}
