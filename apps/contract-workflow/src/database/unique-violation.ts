/** Whether `error` is PostgreSQL refusing a duplicate under `constraint` (drizzle wraps the driver's error as its cause). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const cause = (error as { cause?: unknown }).cause ?? error;
  const fields = cause as { code?: string; constraint?: string };
  return fields.code === '23505' && fields.constraint === constraint;
}
