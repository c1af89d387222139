import { randomUUID } from 'node:crypto';

/** A new MSQ controller task id, shaped like Druid's (`query-<uuid>`). */
export function newQueryTaskId(): string {
  return `query-${randomUUID()}`;
}

/** A new random id for stages and queries. */
export function newId(): string {
  return randomUUID();
}

/**
 * What is wrong with a non-empty dataSource name or task id by Druid's rules (it must not start with
 * `.`, hold `/`, or hold whitespace other than spaces), or undefined when it is valid.
 */
export function idProblem(name: string): string | undefined {
  if (name.startsWith('.')) return `Value [${name}] cannot start with '.'.`;
  if (name.includes('/')) return `Value [${name}] cannot contain '/'.`;
  if (/[^\S ]/.test(name)) return `Value [${name}] contains illegal whitespace characters.  Only space is allowed.`;
  return undefined;
}
