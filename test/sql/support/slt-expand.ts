/**
 * Macros of the golden files, expanded in SQL, context and expectation text before a record
 * runs. Each is `{{name args}}`; a macro ends at the first `}}` that is not followed by another
 * `}` (so a JSON template may end in `}`), and inner macros expand first.
 *
 * - `{{dataset <path>}}`: absolute path of a file under ../shared/datasets. When the file is
 *   absent the record's case is skipped with a printed reason.
 * - `{{fixture <path>}}`: absolute path of a file under test/sql/fixtures.
 * - `{{ndjson <rows> <columns>}}`: a generated NDJSON file, written the way Druid's
 *   MSQFaultsTest#createNdJsonFile writes it: every row has `"timestamp":"2016-06-27T00:00:11.080Z"`
 *   plus columns `column1..column<columns-1>` with value `val<row>`.
 * - `{{range <from> <to> <template>}}`: the template for each i in [from, to), with `$i`
 *   replaced by i, joined by `, ` (to write Druid's 2,000-column and many-file statements).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATASETS } from '../../support/server.ts';

/** test/sql/fixtures, where the Druid SQL-test tables are kept as NDJSON. */
export const FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url));

/** Result of expanding one text: the text, and the datasets it named that are absent. */
export interface Expanded {
  readonly text: string;
  readonly missing: readonly string[];
}

const MACRO = /\{\{(\w+)\s*((?:(?!\{\{)[\s\S])*?)\}\}(?!\})/;

/** Expands every macro in `text`; generated files go under `scratch` (created on demand). */
export function expandMacros(text: string, scratch: string): Expanded {
  const missing: string[] = [];
  let out = text;
  for (let m = MACRO.exec(out); m; m = MACRO.exec(out)) {
    out = out.slice(0, m.index) + expandOne(m[1]!, m[2]!.trim(), scratch, missing) + out.slice(m.index + m[0].length);
  }
  return { text: out, missing };
}

function expandOne(name: string, args: string, scratch: string, missing: string[]): string {
  switch (name) {
    case 'dataset': {
      const path = join(DATASETS, args);
      if (!existsSync(path)) missing.push(path);
      return path;
    }
    case 'fixture': {
      const path = join(FIXTURES, args);
      if (!existsSync(path)) throw new Error(`fixture ${path} does not exist`);
      return path;
    }
    case 'ndjson':
      return ndjsonFile(scratch, ...intArgs(args, 2, name));
    case 'range': {
      const [from, to, template] = rangeArgs(args);
      return Array.from({ length: to - from }, (_, k) => template.replaceAll('$i', String(from + k))).join(', ');
    }
    default:
      throw new Error(`unknown macro {{${name}}}`);
  }
}

function intArgs(args: string, n: number, name: string): [number, number] {
  const parts = args.split(/\s+/).map(Number);
  if (parts.length !== n || parts.some((p) => !Number.isInteger(p) || p < 0)) throw new Error(`{{${name}}} needs ${n} non-negative integers, got "${args}"`);
  return parts as [number, number];
}

function rangeArgs(args: string): [number, number, string] {
  const m = /^(\d+)\s+(\d+)\s+([\s\S]+)$/.exec(args);
  if (!m) throw new Error(`{{range}} needs <from> <to> <template>, got "${args}"`);
  return [Number(m[1]), Number(m[2]), m[3]!];
}

function ndjsonFile(scratch: string, rows: number, columns: number): string {
  mkdirSync(scratch, { recursive: true });
  const path = join(scratch, `ndjson-${rows}x${columns}.json`);
  if (existsSync(path)) return path;
  const lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    let line = '{"timestamp":"2016-06-27T00:00:11.080Z"';
    for (let column = 1; column < columns; column++) line += `,"column${column}":"val${row}"`;
    lines.push(`${line}}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
