/**
 * Parser of Silt's golden files (`test/sql/**\/*.slt`). The format is documented at the top of
 * `test/sql/golden.test.ts`; this module turns a file's text into records, one per statement,
 * each remembering the line it starts on and the case (Druid test method) it belongs to.
 */

/** What a record checks. */
export type SltKind = 'query' | 'queryError' | 'taskOk' | 'taskError' | 'statementError' | 'segments' | 'report' | 'reset' | 'load';

/** One statement of a golden file and its expectation. */
export interface SltRecord {
  /** 1-based line of the record's keyword line (`query`, `task ok`, …). */
  readonly line: number;
  /** The case heading above it (`MSQInsertTest#testInsertOnFoo1`), or `(file)` before any heading. */
  readonly caseName: string;
  readonly kind: SltKind;
  /** SQL text (lines joined with `\n`); for `load`, the fixture statement; empty for the others without SQL. */
  readonly sql: string;
  /** Raw JSON text of `context`, expanded and parsed later. */
  readonly context?: string;
  /** Raw JSON text of `parameters`. */
  readonly parameters?: string;
  /** Reason given on a `skip` line. */
  readonly skip?: string;
  /** Compare rows as a multiset (both sides sorted) instead of in order. */
  readonly rowsort: boolean;
  /** HTTP status of `query error` / `statement error`. */
  readonly status?: number;
  /** MSQ errorCode of `task error` (`*` accepts any code). */
  readonly errorCode?: string;
  /** Datasource of `segments`. */
  readonly dataSource?: string;
  /** Fixture of `load` (`foo` runs `fixtures/foo.sql`). */
  readonly fixture?: string;
  /** Lines after `----` (or directly after `segments` / `report`), up to the next blank line. */
  readonly expected: readonly string[];
}

/** A golden file's records grouped by case, in file order. */
export interface SltCase {
  readonly name: string;
  /** Line of the case heading (0 for records before any heading). */
  readonly line: number;
  readonly records: SltRecord[];
}

const WITH_SQL: ReadonlySet<SltKind> = new Set(['query', 'queryError', 'taskOk', 'taskError', 'statementError']);

const HEADING = /^#\s+((?:[A-Z]\w*#\w+)|(?:setup\b.*))\s*$/;

interface Pending {
  skip?: string;
  context?: string;
  parameters?: string;
}

/**
 * Parses a golden file. Throws with `file:line` on any line it does not understand, so a typo
 * in a golden file fails loudly instead of silently dropping a check.
 */
export function parseSlt(file: string, text: string): SltCase[] {
  const lines = text.split('\n');
  const cases: SltCase[] = [];
  let current: SltCase = { name: '(file)', line: 0, records: [] };
  cases.push(current);
  let pending: Pending = {};
  const fail = (i: number, why: string): never => {
    throw new Error(`${file}:${i + 1}: ${why}: ${JSON.stringify(lines[i])}`);
  };

  let i = 0;
  while (i < lines.length) {
    const raw = lines[i]!;
    const line = raw.trimEnd();
    if (line === '') {
      if (Object.keys(pending).length > 0) fail(i, 'record header without a statement');
      i++;
      continue;
    }
    if (line.startsWith('#')) {
      const heading = HEADING.exec(line);
      if (heading) {
        if (Object.keys(pending).length > 0) fail(i, 'record header without a statement');
        current = { name: heading[1]!, line: i + 1, records: [] };
        cases.push(current);
      }
      i++;
      continue;
    }
    const [word, ...rest] = line.split(/\s+/);
    const arg = line.slice(word!.length).trim();
    if (word === 'skip') {
      if (!arg) fail(i, 'skip needs a reason');
      pending.skip = arg;
      i++;
      continue;
    }
    if (word === 'context') {
      pending.context = arg;
      i++;
      continue;
    }
    if (word === 'parameters') {
      pending.parameters = arg;
      i++;
      continue;
    }
    const keywordLine = i;
    const head = headOf(word!, rest, () => fail(i, 'unknown statement'));
    i++;
    const sql: string[] = [];
    if (WITH_SQL.has(head.kind)) {
      while (i < lines.length && lines[i]!.trimEnd() !== '' && lines[i]!.trimEnd() !== '----') sql.push(lines[i++]!.trimEnd());
      if (sql.length === 0) fail(keywordLine, 'statement without SQL');
    }
    const expected: string[] = [];
    if (i < lines.length && lines[i]!.trimEnd() === '----') i++;
    while (i < lines.length && lines[i]!.trimEnd() !== '') expected.push(lines[i++]!.replace(/\r$/, ''));
    current.records.push({ line: keywordLine + 1, caseName: current.name, sql: sql.join('\n'), ...pending, ...head, expected });
    pending = {};
  }
  if (Object.keys(pending).length > 0) throw new Error(`${file}: record header at end of file without a statement`);
  return cases.filter((c) => c.records.length > 0);
}

type Head = Pick<SltRecord, 'kind' | 'rowsort' | 'status' | 'errorCode' | 'dataSource' | 'fixture'>;

function headOf(word: string, rest: string[], unknown: () => never): Head {
  const sorted = rest.includes('rowsort');
  if (word === 'query' && rest[0] === 'error') return { kind: 'queryError', rowsort: false, status: Number(rest[1]) };
  if (word === 'query' && rest.every((r) => r === 'rowsort')) return { kind: 'query', rowsort: sorted };
  if (word === 'task' && rest[0] === 'ok') return { kind: 'taskOk', rowsort: sorted };
  if (word === 'task' && rest[0] === 'error' && rest[1]) return { kind: 'taskError', rowsort: false, errorCode: rest[1] };
  if (word === 'statement' && rest[0] === 'error' && rest[1]) return { kind: 'statementError', rowsort: false, status: Number(rest[1]) };
  if (word === 'segments' && rest[0]) return { kind: 'segments', rowsort: false, dataSource: rest[0] };
  if (word === 'report' && rest.length === 0) return { kind: 'report', rowsort: false };
  if (word === 'reset' && rest.length === 0) return { kind: 'reset', rowsort: false };
  if (word === 'load' && rest.length === 1) return { kind: 'load', rowsort: false, fixture: rest[0] };
  return unknown();
}
