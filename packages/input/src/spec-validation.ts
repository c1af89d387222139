import { type DruidError, invalidInput } from '@silt/common';
import type { z } from 'zod';

/**
 * Parses `spec` with a zod schema at a trust boundary. On failure, throws `invalidInput` naming the
 * first offending field, e.g. `Invalid inputFormat: field [skipHeaderRows]: Invalid input: expected
 * number, received string`.
 */
export function parseSpec<T extends z.ZodType>(schema: T, spec: unknown, what: string): z.output<T> {
  const result = schema.safeParse(spec, { error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined) });
  if (result.success) return result.data;
  throw specError(result.error, what);
}

function specError(error: z.ZodError, what: string): DruidError {
  const issue = error.issues[0];
  if (!issue) return invalidInput(`Invalid ${what}`);
  const field = issue.path.map(String).join('.');
  return invalidInput(field ? `Invalid ${what}: field [${field}]: ${issue.message}` : `Invalid ${what}: ${issue.message}`);
}

/** Throws `invalidInput` unless `spec` is a JSON object whose `type` is one of `types`; returns the type. */
export function specType<const K extends string>(spec: unknown, what: string, types: readonly K[]): K {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw invalidInput(`Invalid ${what}: expected a JSON object`);
  const type = (spec as { type?: unknown }).type;
  if (type === undefined) throw invalidInput(`Invalid ${what}: field [type] is required; supported types are [${types.join(', ')}]`);
  if (typeof type !== 'string' || !(types as readonly string[]).includes(type)) {
    throw invalidInput(`Invalid ${what}: unknown type [${String(type)}]; supported types are [${types.join(', ')}]`);
  }
  return type as K;
}
