import { invalidInput, type DruidError } from '@silt/common';
import { SqlBase, SqlQuery } from 'druid-query-toolkit';
import type { PlaceholderClause } from './parameters.ts';
import { SqlSource } from './sql-source.ts';
import { unexpectedToken } from './unexpected-token.ts';

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
const REPLACE_INTO_EXTERN = /\bREPLACE\s+INTO\s+EXTERN\s*\(/i;
const REPLACE_WITH_FORMAT = new RegExp(String.raw`\bREPLACE\s+INTO\s+${TABLE_NAME}\s*$`, 'i');
const EXPORT_FORMAT = /\bINSERT\s+INTO\s+EXTERN\s*\(.*\)\s*AS\s*$/is;
const REPLACE_WITHOUT_CHUNKS = new RegExp(String.raw`\bREPLACE\s+INTO\s+${TABLE_NAME}\s*(?:OVERWRITE\s*)?$`, 'i');
const INSERT_TARGET = new RegExp(String.raw`\bINSERT\s+INTO\s+${TABLE_NAME}\s*$`, 'i');
const CLUSTERED_BY = /\bCLUSTERED\s+BY\b/gi;

/** A parsed statement, and which of its placeholders stand for the outer query's LIMIT / OFFSET. */
export interface ParsedStatement {
  readonly query: SqlQuery;
  readonly placeholderLimits: readonly PlaceholderClause[];
}

/**
 * Parses one SQL statement (with optional leading `SET k = v;` statements and `EXPLAIN PLAN FOR`)
 * with druid-query-toolkit. Syntax errors become invalid-input errors carrying the line and column,
 * worded like Druid's, and the few Druid-specific clause mistakes the toolkit cannot parse get
 * Druid's own messages. The toolkit cannot read `LIMIT ?` / `OFFSET ?`: on the outermost query they
 * are parsed as `0` and reported in `placeholderLimits` (their parameters are bound by position).
 */
export function parseStatement(text: string): ParsedStatement {
  const cached = recentlyParsed.get(text);
  if (cached) {
    // Most recently used last: the first key is the one to evict.
    recentlyParsed.delete(text);
    recentlyParsed.set(text, cached);
    return cached;
  }
  const parsed = parseText(text);
  if (text.length <= MAX_CACHED_TEXT) {
    recentlyParsed.set(text, parsed);
    if (recentlyParsed.size > MAX_CACHED_STATEMENTS) recentlyParsed.delete(recentlyParsed.keys().next().value!);
  }
  return parsed;
}

/**
 * Statements parsed lately, by their text: a dashboard sends the same queries again and again, and
 * parsing one is about a third of an interactive GROUP BY's planning (0.3 ms of the top-channels
 * query). The toolkit's syntax trees are immutable, so one can serve every request of its text.
 */
const recentlyParsed = new Map<string, ParsedStatement>();
const MAX_CACHED_STATEMENTS = 256;
/** Longer texts (INSERTs of inline data) are not kept. */
const MAX_CACHED_TEXT = 16 * 1024;

function parseText(text: string): ParsedStatement {
  const placeholderLimits = outerLimitPlaceholders(text);
  let current = text;
  for (const p of placeholderLimits) current = current.slice(0, p.offset) + '0' + current.slice(p.offset + 1);
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
    return Object.freeze({ query: parsed, placeholderLimits: Object.freeze(placeholderLimits.map(({ clause, position }) => Object.freeze({ clause, position }))) });
  }
}

/** `?` placeholders of the outermost query's LIMIT and OFFSET: clause, text offset, and ordinal among all `?`. */
function outerLimitPlaceholders(text: string): (PlaceholderClause & { offset: number })[] {
  const masked = maskedText(text);
  const out: (PlaceholderClause & { offset: number })[] = [];
  let depth = 0;
  let ordinal = 0;
  for (let i = 0; i < masked.length; i++) {
    const c = masked[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '?') {
      const clause = /\b(LIMIT|OFFSET)\s*$/i.exec(masked.slice(0, i))?.[1]?.toUpperCase();
      if (depth === 0 && (clause === 'LIMIT' || clause === 'OFFSET')) out.push({ clause, position: ordinal, offset: i });
      ordinal++;
    }
  }
  return out;
}

/** The text with string literals, quoted identifiers and comments blanked out. */
function maskedText(text: string): string {
  return text.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => ' '.repeat(m.length));
}

function isPeggyError(error: unknown): error is PeggyError {
  return !!error && typeof error === 'object' && 'location' in error && typeof (error as PeggyError).location?.start?.offset === 'number';
}

function insideClusteredBy(before: string): boolean {
  return [...before.matchAll(CLUSTERED_BY)].length > 0;
}

function syntaxError(text: string, error: PeggyError, word: string | undefined): DruidError {
  const { offset } = error.location.start;
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
  if (REPLACE_INTO_EXTERN.test(text)) {
    return invalidInput('REPLACE operations do no support EXTERN destinations. Use INSERT statements to write to an external destination.');
  }
  if (REPLACE_WITH_FORMAT.test(before) && word === 'AS') {
    return invalidInput('The AS <format> clause should only be specified while exporting rows into an EXTERN destination.');
  }
  if (EXPORT_FORMAT.test(before) && word !== undefined) return invalidInput(`Unsupported export format [${word}]: the only supported format is CSV`);
  const { token, line, column } = unexpectedToken(text, offset);
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
