import type { z } from 'zod';

/**
 * JSON from configuration that must fit `schema`; throws naming `origin` and each place that does
 * not fit (`0.url: Invalid URL`), the top level as `top`.
 */
export function parseJsonInput<T>(
  schema: z.ZodType<T>,
  json: string,
  origin: string,
  what: string,
  top: string,
): T {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`${origin} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const reasons = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || top}: ${issue.message}`,
    );
    throw new Error(`${origin} is not ${what}:\n  ${reasons.join('\n  ')}`);
  }
  return parsed.data;
}
