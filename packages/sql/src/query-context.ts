import { invalidInput } from '@silt/common';
import type { SqlQuery } from 'druid-query-toolkit';

/** MSQ's parse-error mode: `strict` fails on the first bad row, `nonStrict` tolerates any number. */
export type MsqMode = 'strict' | 'nonStrict';

/** How the controller sizes the worker pool (`taskAssignment`). */
export type TaskAssignment = 'max' | 'auto';

/** The MSQ context parameters the engine reads, validated and with Druid's defaults applied. */
export interface ResolvedContext {
  /** Controller plus workers; at least 2. */
  readonly maxNumTasks: number;
  readonly rowsPerSegment: number;
  readonly rowsInMemory: number;
  /** -1 = unlimited. */
  readonly maxParseExceptions: number;
  readonly mode: MsqMode;
  readonly finalizeAggregations: boolean;
  readonly failOnEmptyInsert: boolean;
  readonly taskAssignment: TaskAssignment;
}

/**
 * Validates the known MSQ context keys and fills in Druid's defaults (maxNumTasks 2, rowsPerSegment
 * 3,000,000, rowsInMemory 100,000, maxParseExceptions 0, or -1 in `nonStrict` mode unless set,
 * finalizeAggregations true, failOnEmptyInsert false, taskAssignment `max`). Throws invalid-input
 * errors for values of the wrong type or out of range.
 *
 * @example
 * resolveQueryContext({ maxNumTasks: 3, mode: 'nonStrict' }).maxParseExceptions; // -1
 */
export function resolveQueryContext(context: Readonly<Record<string, unknown>>): ResolvedContext {
  const maxNumTasks = integer(context, 'maxNumTasks', 'msqMaxNumTasks') ?? 2;
  if (maxNumTasks < 2) {
    throw invalidInput(`MSQ context maxNumTasks [${maxNumTasks.toLocaleString('en-US')}] cannot be less than 2, since at least 1 controller and 1 worker is necessary`);
  }
  const rowsPerSegment = positive('rowsPerSegment', integer(context, 'rowsPerSegment', 'msqRowsPerSegment') ?? 3_000_000);
  const rowsInMemory = positive('rowsInMemory', integer(context, 'rowsInMemory') ?? 100_000);
  const mode = msqMode(context);
  const explicitParseExceptions = integer(context, 'maxParseExceptions');
  if (explicitParseExceptions !== undefined && explicitParseExceptions < -1) {
    throw invalidInput(`Invalid value [${explicitParseExceptions}] for the [maxParseExceptions] context parameter: expected -1 (unlimited) or a non-negative integer`);
  }
  const maxParseExceptions = explicitParseExceptions ?? (mode === 'nonStrict' ? -1 : 0);
  return Object.freeze({
    maxNumTasks,
    rowsPerSegment,
    rowsInMemory,
    maxParseExceptions,
    mode,
    finalizeAggregations: boolean(context, 'finalizeAggregations') ?? true,
    failOnEmptyInsert: boolean(context, 'failOnEmptyInsert') ?? false,
    taskAssignment: taskAssignment(context),
  });
}

/** The context set by the statement's leading `SET key = value;` statements. */
export function contextFromSetStatements(query: SqlQuery): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const statement of query.contextStatements?.values ?? []) {
    const value = statement.value.value;
    context[statement.getKeyString()] = value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? Number(value) : value;
  }
  return context;
}

function lookup(context: Readonly<Record<string, unknown>>, keys: readonly string[]): { key: string; value: unknown } | undefined {
  for (const key of keys) {
    const value = context[key];
    if (value !== undefined && value !== null) return { key, value };
  }
  return undefined;
}

function integer(context: Readonly<Record<string, unknown>>, ...keys: string[]): number | undefined {
  const found = lookup(context, keys);
  if (!found) return undefined;
  const { key, value } = found;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw invalidInput(`Expected key [${key}] to be in integer format, but got [${String(value)}]`);
  return n;
}

function positive(key: string, value: number): number {
  if (value <= 0) throw invalidInput(`Invalid value [${value}] for the [${key}] context parameter: expected a positive integer`);
  return value;
}

function boolean(context: Readonly<Record<string, unknown>>, key: string): boolean | undefined {
  const found = lookup(context, [key]);
  if (!found) return undefined;
  const { value } = found;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw invalidInput(`Expected key [${key}] to be in boolean format, but got [${String(value)}]`);
}

function msqMode(context: Readonly<Record<string, unknown>>): MsqMode {
  const found = lookup(context, ['mode']);
  if (!found) return 'strict';
  if (found.value === 'strict' || found.value === 'nonStrict') return found.value;
  throw invalidInput(`Unsupported value [${String(found.value)}] for the [mode] context parameter: expected 'strict' or 'nonStrict'`);
}

function taskAssignment(context: Readonly<Record<string, unknown>>): TaskAssignment {
  const found = lookup(context, ['taskAssignment']);
  if (!found) return 'max';
  const value = String(found.value).toLowerCase();
  if (value === 'max' || value === 'auto') return value;
  throw invalidInput(`Unsupported value [${String(found.value)}] for the [taskAssignment] context parameter: expected 'max' or 'auto'`);
}
