import { type DruidError, invalidInput } from '@silt/common';
import type { z } from 'zod';

/**
 * Errors of task-spec validation: every one is an invalid-input error (HTTP 400) whose message starts
 * with the path of the offending field, e.g.
 * `spec.dataSchema.granularitySpec.segmentGranularity: Invalid granularity [DAYZ]`.
 */

/** A field path, as segments (`['spec', 'dataSchema', 'metricsSpec', 2, 'name']`). */
export type SpecPath = readonly (string | number)[];

/** Prints a path the way messages show it: `spec.dataSchema.metricsSpec[2].name`. */
export function formatPath(path: SpecPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** The invalid-input error for `path`: `<path>: <message>` (just the message for the root). */
export function specError(path: SpecPath, message: string): DruidError {
  const where = formatPath(path);
  return invalidInput(where === '' ? message : `${where}: ${message}`);
}

/**
 * Parses `value` with a zod schema; on failure throws {@link specError} for the first issue, its path
 * appended to `path`. A missing required field reads `is required`.
 */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, path: SpecPath): z.output<T> {
  const result = schema.safeParse(value, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
  });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  return throwIssue(path, issue);
}

function throwIssue(path: SpecPath, issue: z.core.$ZodIssue): never {
  throw specError([...path, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))], issue.message);
}

/**
 * Runs `check`, prefixing the message of an invalid-input error it throws with `path` (used around
 * the input package's validators, whose messages name fields relative to the input source or format).
 */
export function withPath<T>(path: SpecPath, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof Error && error.name === 'DruidError') throw specError(path, error.message);
    throw error;
  }
}
