/**
 * Runs one golden-file record against a live Silt server over Druid's HTTP API and asserts its
 * expectation. Every assertion message starts with the record's `file:line`.
 */
import { expect } from 'vitest';
import type { DruidClient } from '../../support/druid-client.ts';
import type { SltRecord } from './slt-parse.ts';
import type { SltServer } from './slt-server.ts';

/** A record with its macros expanded. */
export interface ReadyRecord extends SltRecord {
  /** `test/sql/…slt:line`, used in every failure message. */
  readonly where: string;
  readonly contextValue: Record<string, unknown>;
  readonly parametersValue?: unknown[];
}

/** What records of one file share: the task the last `task` record ran, for `report`. */
export interface FileState {
  lastTaskId?: string;
}

/** Executes a record; throws (through vitest's expect) when Silt's answer differs. */
export async function checkRecord(server: SltServer, r: ReadyRecord, state: FileState): Promise<void> {
  const druid = server.client();
  switch (r.kind) {
    case 'query':
      return checkQuery(druid, r);
    case 'queryError':
      return checkSyncError(r, await druid.post('/druid/v2/sql', body(r, { resultFormat: 'array' })));
    case 'statementError':
      return checkSyncError(r, await druid.post('/druid/v2/sql/task', body(r)));
    case 'taskOk':
      return checkTaskOk(druid, r, state);
    case 'taskError':
      return checkTaskError(druid, r, state);
    case 'segments':
      return checkSegments(druid, r);
    case 'report':
      return checkReport(druid, r, state);
    case 'load':
      return checkTaskOk(druid, r, state);
    case 'reset':
      state.lastTaskId = undefined;
      return server.reset();
  }
}

function body(r: ReadyRecord, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { query: r.sql, context: r.contextValue, ...(r.parametersValue ? { parameters: r.parametersValue } : {}), ...extra };
}

async function checkQuery(druid: DruidClient, r: ReadyRecord): Promise<void> {
  const res = await druid.post('/druid/v2/sql', body(r, { resultFormat: 'array' }));
  expect(res.status, `${r.where}: POST /druid/v2/sql answered ${res.status}: ${JSON.stringify(res.body)}`).toBe(200);
  compareRows(r, res.body as unknown[][], r.expected);
}

/** Submits a task; fails the record when the submission itself is refused. */
async function submitTask(druid: DruidClient, r: ReadyRecord, state: FileState): Promise<string> {
  state.lastTaskId = undefined;
  const res = await druid.post('/druid/v2/sql/task', body(r));
  expect(res.status, `${r.where}: POST /druid/v2/sql/task answered ${res.status}: ${JSON.stringify(res.body)}`).toBe(202);
  state.lastTaskId = res.body.taskId as string;
  return state.lastTaskId;
}

async function checkTaskOk(druid: DruidClient, r: ReadyRecord, state: FileState): Promise<void> {
  const taskId = await submitTask(druid, r, state);
  const status = await druid.waitFor(taskId);
  expect(status.status, `${r.where}: task ${taskId} ended ${status.status}: ${status.errorMsg ?? ''}`).toBe('SUCCESS');
  if (r.expected.length === 0) return;
  const payload = (await druid.report(taskId)).multiStageQuery.payload;
  expect(payload.results, `${r.where}: the report has no results`).toBeDefined();
  compareRows(r, payload.results.results as unknown[][], r.expected);
}

/**
 * Each expectation line is `[<path>] <json>`: the JSON object must be a subset of the last task's
 * `multiStageQuery.payload`, or of the value at `path` in it (dots and `[n]`, e.g.
 * `stages[0]`).
 */
async function checkReport(druid: DruidClient, r: ReadyRecord, state: FileState): Promise<void> {
  expect(state.lastTaskId, `${r.where}: no task ran before this report record`).toBeDefined();
  const payload = (await druid.report(state.lastTaskId!)).multiStageQuery.payload;
  for (const line of r.expected) {
    const at = line.indexOf('{');
    const path = line.slice(0, at).trim();
    const value = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '').reduce<any>((v, k) => v?.[k], payload);
    expect(value, `${r.where}: report payload${path ? ` at ${path}` : ''} of ${state.lastTaskId}: ${JSON.stringify(value)?.slice(0, 2000)}`).toMatchObject(JSON.parse(line.slice(at)));
  }
}

async function checkTaskError(druid: DruidClient, r: ReadyRecord, state: FileState): Promise<void> {
  const taskId = await submitTask(druid, r, state);
  const status = await druid.waitFor(taskId);
  expect(status.status, `${r.where}: task ${taskId} was expected to fail with ${r.errorCode}`).toBe('FAILED');
  const error = (await druid.report(taskId)).multiStageQuery.payload.status.errorReport.error;
  if (r.errorCode !== '*') expect(error.errorCode, `${r.where}: errorCode (errorMessage: ${error.errorMessage})`).toBe(r.errorCode);
  matchError(r, error, error.errorMessage);
}

function checkSyncError(r: ReadyRecord, res: { status: number; body: any }): void {
  expect(res.status, `${r.where}: HTTP status, body ${JSON.stringify(res.body)}`).toBe(r.status);
  matchError(r, res.body, res.body?.errorMessage);
}

/** `{json}` lines match a subset of the error object; `/regex/` lines match its message. */
function matchError(r: ReadyRecord, error: unknown, message: unknown): void {
  for (const line of r.expected) {
    if (line.startsWith('{')) expect(error, `${r.where}: error fields of ${JSON.stringify(error)}`).toMatchObject(JSON.parse(line));
    else if (line.startsWith('/') && line.endsWith('/') && line.length > 1) expect(String(message), `${r.where}: error message`).toMatch(new RegExp(line.slice(1, -1)));
    else throw new Error(`${r.where}: an error expectation line must be {json} or /regex/: ${line}`);
  }
}

async function checkSegments(druid: DruidClient, r: ReadyRecord): Promise<void> {
  const rows = await druid.sql(
    `SELECT "start", "end", partition_num, shard_spec, num_rows FROM sys.segments WHERE datasource = '${r.dataSource}' AND is_overshadowed = 0 ORDER BY "start", "end", partition_num`,
  );
  const actual = rows.map(([start, end, partition, shardSpec, numRows]) => `${start}/${end} ${partition} ${JSON.parse(String(shardSpec)).type} ${numRows}`);
  const expected = r.expected.filter((l) => l !== '(none)').map((l) => l.trim().split(/\s+/).join(' '));
  assertLines(`${r.where}: segments of ${r.dataSource} (interval partitionNum shardSpecType numRows)`, expected, actual);
}

/** Fails with both sides written out in golden-file form, so a reader can compare them line by line. */
function assertLines(what: string, expected: readonly string[], actual: readonly string[]): void {
  if (expected.length === actual.length && expected.every((line, i) => line === actual[i])) return;
  const show = (lines: readonly string[]) => (lines.length === 0 ? '  (nothing)' : lines.map((l) => `  ${l.replaceAll('\t', ' | ')}`).join('\n'));
  expect.fail(`${what} differ\nexpected:\n${show(expected)}\nactual:\n${show(actual)}`);
}

/** Renders a result cell the way golden files write it. */
export function renderCell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (value === '') return '(empty)';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** A cell in canonical spelling, on both sides: numeric literals as JavaScript prints them (`1.0` → `1`). */
function canonical(cell: string): string {
  return NUMBER.test(cell) ? String(Number(cell)) : cell;
}

/** `(repeat N) <row>` stands for N copies of the row. */
function expandRepeat(line: string): string[] {
  const m = /^\(repeat (\d+)\) (.*)$/.exec(line);
  return m ? Array.from({ length: Number(m[1]) }, () => m[2]!) : [line];
}

function compareRows(r: ReadyRecord, actualRows: unknown[][], expectedLines: readonly string[]): void {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const order = (rows: string[]) => (r.rowsort ? [...rows].sort(byText) : rows);
  const actual = actualRows.map((row) => row.map((v) => canonical(renderCell(v))).join('\t'));
  const expected = expectedLines.filter((l) => l !== '(no rows)').flatMap(expandRepeat).map((l) => l.split('\t').map(canonical).join('\t'));
  assertLines(`${r.where}: rows${r.rowsort ? ' (rowsort)' : ''}`, order(expected), order(actual));
}
