import { randomUUID } from 'node:crypto';

/** A new MSQ controller task id, shaped like Druid's (`query-<uuid>`). */
export function newQueryTaskId(): string {
  return `query-${randomUUID()}`;
}

/** A new random id for stages and queries. */
export function newId(): string {
  return randomUUID();
}
