/**
 * Golden-file SQL suite: every `test/sql/**\/*.slt` file, one `describe` per file (files in
 * path order, a fresh server process and data directory per file, and again at each `reset`),
 * one `it` per record, run in file order. The files port the cases of Druid's MSQ tests
 * (MSQInsertTest, MSQReplaceTest, MSQSelectTest, MSQFaultsTest, MSQWarningsTest,
 * MSQParseExceptionsTest) and of its processing join tests onto Druid's own fixtures, through the
 * HTTP API only.
 *
 * ## Format
 *
 * A file is a sequence of records separated by blank lines. `#` starts a comment line. A comment
 * of the form `# Class#method` (e.g. `# MSQInsertTest#testInsertOnFoo1`) or `# setup: …` opens a
 * case: the records below it, up to the next such heading, belong to that Druid test method.
 *
 * A record is: optional header lines, a keyword line, the SQL (one or more lines, no blank line
 * inside), then optionally `----` and the expectation lines, up to the next blank line.
 *
 * Header lines:
 * - `skip <reason>`: the record is registered as skipped, the reason in its name. Used where
 *   Silt's answer differs from Druid's: the expectation stays Druid's, the gap stays visible.
 * - `context {json}`: the query context.
 * - `parameters [json]`: SQL dynamic parameters (`[{"type":"TIMESTAMP","value":"2000-01-02"}]`).
 *
 * Keyword lines:
 * - `query [rowsort]`: the SQL runs on `POST /druid/v2/sql` (resultFormat `array`); the
 *   expectation is the rows.
 * - `query error <status>`: `POST /druid/v2/sql` must answer that HTTP status.
 * - `task ok [rowsort]`: the SQL runs as a task (`POST /druid/v2/sql/task`) and must end in
 *   SUCCESS. Expectation lines, if any, are the rows of the report's `payload.results` (SELECT
 *   tasks), or `(no rows)`.
 * - `task error <errorCode|*>`: the task must be accepted (202) and end FAILED with that MSQ
 *   errorCode in `payload.status.errorReport.error` (`*`: any code).
 * - `statement error <status>`: `POST /druid/v2/sql/task` must answer that HTTP status
 *   synchronously (a planning or validation error; no task is created).
 * - `segments <datasource>`: no SQL; the expectation lines are the datasource's segments that are
 *   not overshadowed, from `sys.segments` ordered by start, end and partition:
 *   `<start>/<end> <partitionNum> <shardSpecType> <numRows>` (`numbered`, `range`, `tombstone`…),
 *   or `(none)`.
 * - `report`: no SQL; each expectation line is `[path] {json}`: the object is matched as a subset
 *   of the `multiStageQuery.payload` of the task the file's last `task` record ran, or of the
 *   value at `path` in it (e.g. `stages[0] {"workerCount":1}`).
 * - `load <fixture>`: runs `fixtures/<fixture>.sql` as a task that must succeed (`load foo`
 *   loads Druid's `foo` table; see fixtures/README.md).
 * - `reset`: replaces the server with a fresh process and an empty data directory, since each of
 *   Druid's tests starts from an empty cluster (and Druid SQL cannot drop a datasource).
 *
 * Rows: one line per row, cells separated by a TAB; `NULL` is null, `(empty)` the empty string,
 * arrays and objects as JSON, numbers compared by value (`1.0` equals `1`); `(repeat N) <row>`
 * stands for N equal rows; `rowsort` compares both sides sorted. Timestamps are written as the
 * API renders them: ISO 8601 strings from `/druid/v2/sql`, epoch millis in task reports (Druid's
 * report carries the raw LONG values).
 * Error expectations: `{json}` lines match a subset of the error object (the task's
 * `errorReport.error`, or the HTTP body of a synchronous error), `/regex/` lines match its
 * `errorMessage`.
 *
 * Macros (`{{dataset …}}`, `{{fixture …}}`, `{{ndjson …}}`, `{{range …}}`) are documented in
 * `support/slt-expand.ts`. A case whose records name an absent dataset is skipped, with the
 * reason printed.
 *
 * On failure the message starts with the record's `file:line`.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, it } from 'vitest';
import { type FileState, type ReadyRecord, checkRecord } from './support/slt-check.ts';
import { FIXTURES, expandMacros } from './support/slt-expand.ts';
import { type SltCase, parseSlt } from './support/slt-parse.ts';
import { useSltServer } from './support/slt-server.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'silt-slt-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function sltFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sltFiles(join(dir, e.name)) : e.name.endsWith('.slt') ? [join(dir, e.name)] : []))
    .sort();
}

/** Expands a case's records; a case naming an absent dataset is skipped as a whole. */
function readyCase(file: string, c: SltCase): { records: ReadyRecord[]; missing: string[] } {
  const missing = new Set<string>();
  const expand = (text: string) => {
    const out = expandMacros(text, scratch);
    for (const m of out.missing) missing.add(m);
    return out.text;
  };
  const records = c.records.map((r): ReadyRecord => {
    const where = `${file}:${r.line}`;
    const parse = (what: string, text: string | undefined) => {
      if (text === undefined) return undefined;
      try {
        return JSON.parse(expand(text));
      } catch (e) {
        throw new Error(`${where}: ${what} is not valid JSON: ${(e as Error).message}`);
      }
    };
    return {
      ...r,
      where,
      sql: expand(r.kind === 'load' ? readFileSync(join(FIXTURES, `${r.fixture}.sql`), 'utf8').trim() : r.sql),
      expected: r.expected.map(expand),
      contextValue: parse('context', r.context) ?? {},
      parametersValue: parse('parameters', r.parameters),
    };
  });
  return { records, missing: [...missing] };
}

for (const path of sltFiles(HERE)) {
  const file = relative(ROOT, path);
  const cases = parseSlt(file, readFileSync(path, 'utf8'));
  describe(file, () => {
    const server = useSltServer();
    const state: FileState = {};
    for (const c of cases) {
      const { records, missing } = readyCase(file, c);
      if (missing.length > 0) console.log(`skipping ${file} ${c.name}: dataset absent: ${missing.join(', ')}`);
      for (const r of records) {
        const name = `${c.name} · line ${r.line}: ${r.kind}${r.dataSource ? ` ${r.dataSource}` : ''}${r.fixture ? ` ${r.fixture}` : ''}`;
        const skip = missing.length > 0 ? `dataset absent: ${missing.join(', ')}` : r.skip;
        if (skip !== undefined) it.skip(`${name} — SKIP ${skip}`, () => {});
        else it(name, () => checkRecord(server, r, state));
      }
    }
  });
}
