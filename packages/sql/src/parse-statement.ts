import { invalidInput, type DruidError } from '@silt/common';
import { SqlBase, SqlQuery } from 'druid-query-toolkit';
import { SqlSource } from './sql-source.ts';

/** The shape of the parser's (peggy's) syntax errors. */
interface PeggyError {
  readonly location: { readonly start: { readonly offset: number; readonly line: number; readonly column: number } };
  readonly expected?: readonly Expectation[] | null;
}

/** One of the things the parser would have accepted. */
interface Expectation {
  readonly type: string;
  readonly text?: string;
  readonly description?: string;
  readonly parts?: readonly (string | readonly [string, string])[];
  readonly inverted?: boolean;
}

const TABLE_NAME = String.raw`(?:"(?:[^"]|"")*"|[\w$.]+)`;
const REPLACE_WITHOUT_CHUNKS = new RegExp(String.raw`\bREPLACE\s+INTO\s+${TABLE_NAME}\s*(?:OVERWRITE\s*)?$`, 'i');
const INSERT_TARGET = new RegExp(String.raw`\bINSERT\s+INTO\s+${TABLE_NAME}\s*$`, 'i');
const CLUSTERED_BY = /\bCLUSTERED\s+BY\b/gi;

/**
 * Parses one SQL statement (with optional leading `SET k = v;` statements) with druid-query-toolkit.
 * Syntax errors become invalid-input errors carrying the line and column, worded like Druid's, and the
 * few Druid-specific clause mistakes the toolkit cannot parse get Druid's own messages.
 */
export function parseStatement(text: string): SqlQuery {
  let current = text;
  for (;;) {
    let parsed: SqlBase;
    try {
      parsed = SqlBase.parseSql(current);
    } catch (error) {
      if (!isPeggyError(error)) throw otherParseError(current, error);
      const offset = error.location.start.offset;
      const word = /^\s*([A-Za-z_]+)/.exec(current.slice(offset))?.[1]?.toUpperCase();
      // `CLUSTERED BY x ASC` means the default order: blank the keyword out and parse again.
      if (word === 'ASC' && insideClusteredBy(current.slice(0, offset))) {
        const rest = current.slice(offset);
        const at = offset + rest.length - rest.trimStart().length;
        current = current.slice(0, at) + '   ' + current.slice(at + 3);
        continue;
      }
      throw syntaxError(current, error, word);
    }
    if (!(parsed instanceof SqlQuery)) {
      throw invalidInput(`Unsupported SQL statement [${parsed.type}]: only SELECT, INSERT and REPLACE statements are supported`);
    }
    return parsed;
  }
}

function isPeggyError(error: unknown): error is PeggyError {
  return !!error && typeof error === 'object' && 'location' in error && typeof (error as PeggyError).location?.start?.offset === 'number';
}

function insideClusteredBy(before: string): boolean {
  return [...before.matchAll(CLUSTERED_BY)].length > 0;
}

function syntaxError(text: string, error: PeggyError, word: string | undefined): DruidError {
  const { offset, line, column } = error.location.start;
  const before = text.slice(0, offset);
  const rest = text.slice(offset);
  if (REPLACE_WITHOUT_CHUNKS.test(before) && /^\s*(SELECT|WITH)\b/i.test(rest)) {
    return invalidInput(
      'Missing time chunk information in OVERWRITE clause for REPLACE. ' +
        'Use OVERWRITE WHERE <__time based condition> or OVERWRITE ALL to overwrite the entire table.',
    );
  }
  if (INSERT_TARGET.test(before) && word === 'OVERWRITE') {
    return invalidInput(
      'An OVERWRITE clause is not allowed with INSERT statements. Use REPLACE statements if overwriting existing ' +
        'segments is required or remove the OVERWRITE clause.',
    );
  }
  if (insideClusteredBy(before)) {
    if (word === 'DESC') return invalidInput(`Invalid CLUSTERED BY clause [${lastClusteredByItem(before)} DESC]: cannot sort in descending order.`);
    if (word === 'PARTITIONED') {
      return invalidInput('CLUSTERED BY found before PARTITIONED BY, CLUSTERED BY must come after the PARTITIONED BY clause');
    }
  }
  const token = rest.trim() === '' ? '<EOF>' : (/^\s*("(?:[^"]|"")*"|'(?:[^']|'')*'|\w+|\S)/.exec(rest)?.[1] ?? '<EOF>');
  const options = [...new Set((error.expected ?? []).map(describeExpectation).filter((o): o is string => o !== undefined))];
  return invalidInput(
    `Received an unexpected token [${token}] (line [${line}], column [${column}]), acceptable options: [${options.join(', ')}]`,
    { line, column },
  );
}

function describeExpectation(e: Expectation): string | undefined {
  if (e.type === 'literal' && e.text !== undefined) return JSON.stringify(e.text);
  if (e.type === 'class' && e.parts) return `[${e.inverted ? '^' : ''}${e.parts.map((p) => (Array.isArray(p) ? `${p[0]}-${p[1]}` : p)).join('')}]`;
  if (e.type === 'end') return '<EOF>';
  if (e.type === 'other' && e.description && !/whitespace|semicolon/i.test(e.description)) return e.description;
  return undefined;
}

/** The CLUSTERED BY item just before the error, shown as Calcite unparses it (`name` in backticks). */
function lastClusteredByItem(before: string): string {
  const clause = before.slice([...before.matchAll(CLUSTERED_BY)].pop()!.index!).replace(CLUSTERED_BY, '');
  const item = clause.slice(clause.lastIndexOf(',') + 1).trim();
  const identifier = /^(?:"((?:[^"]|"")*)"|([A-Za-z_][\w$]*))$/.exec(item);
  if (!identifier) return item;
  return `\`${identifier[1] !== undefined ? identifier[1].replace(/""/g, '"') : identifier[2]}\``;
}

/** Errors the toolkit raises outside its grammar (e.g. an impossible TIMESTAMP literal). */
function otherParseError(text: string, error: unknown): DruidError {
  if (error instanceof RangeError) {
    for (const m of text.matchAll(/\b(TIMESTAMP|DATE)\s*'([^']*)'/gi)) {
      if (Number.isNaN(Date.parse(m[2]!.replace(' ', 'T') + (m[2]!.length > 10 ? 'Z' : '')))) {
        const format = m[1]!.toUpperCase() === 'DATE' ? 'yyyy-MM-dd' : 'yyyy-MM-dd HH:mm:ss';
        return new SqlSource(text).errorAt(`Illegal ${m[1]!.toUpperCase()} literal '${m[2]}': not in format '${format}'`, m[0]);
      }
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return invalidInput(`Unable to parse SQL: ${message}`);
}
