import { RecordFlattener } from './flatten/record-flattener.ts';
import { type JqResult, runJq } from './flatten/jq-engine.ts';
import type { JsonInputFormat } from './input-format-spec.ts';
import { parseLenientJson } from './json/lenient-json.ts';
import { type ParseError, parseError } from './parse-error.ts';
import type { RowWriter } from './row-writer.ts';
import { forEachLine } from './text-lines.ts';

/** One line read as a record: the parsed JSON object, or why the line is not a record. */
export type JsonLine = { readonly record: unknown; readonly reason: null } | { readonly record: undefined; readonly reason: string };

/**
 * Parses one line with `parse` (`JSON.parse`, or the lenient parser): a record must be a JSON object;
 * otherwise the reason is the parser's error message or `Expected a JSON object, got …`.
 */
export function parseJsonLine(line: string, parse: (line: string) => unknown): JsonLine {
  let record: unknown;
  try {
    record = parse(line);
  } catch (error) {
    return { record: undefined, reason: (error as Error).message };
  }
  if (record !== null && typeof record === 'object' && !Array.isArray(record)) return { record, reason: null };
  return { record: undefined, reason: `Expected a JSON object, got ${record === null ? 'null' : Array.isArray(record) ? 'an array' : typeof record}` };
}

/** A parsed record waiting for its jq results. */
interface PendingRecord {
  readonly record: unknown;
  readonly recordNumber: number;
  readonly start: number;
  readonly end: number;
}

/**
 * Parses newline-delimited JSON into `rows`, as Druid's line-based JSON reader does: every line is a
 * record (a `\r` before the `\n` is dropped, and a newline ending the text does not start another
 * record); a line that is empty, is not valid JSON (with the `featureSpec` leniencies), or is not a
 * JSON object is a parse error. Columns are read through the `flattenSpec` (top-level keys by default).
 * With jq fields, the chunk's records go through jq in one batch after parsing. Returns the number of
 * records seen, bad ones included.
 */
export function parseJsonRecords(
  text: string,
  format: JsonInputFormat,
  columns: readonly string[],
  rows: RowWriter,
  where: { readonly source: string; readonly firstRecord: number },
  errors: ParseError[],
  discovered: Set<string> | null,
): number {
  const flattener = new RecordFlattener(format.flattenSpec, columns, true);
  const parse = format.features.size > 0 ? (line: string) => parseLenientJson(line, format.features) : (line: string): unknown => JSON.parse(line);
  const useJq = flattener.jqPrograms.length > 0;
  const pending: PendingRecord[] = [];

  const write = (record: unknown, recordNumber: number, start: number, end: number, jq: readonly JqResult[] | undefined) => {
    const jqError = flattener.read(record, jq, rows.values);
    if (jqError !== null) {
      rows.values.fill(null);
      errors.push(parseError(where.source, recordNumber, text, start, end, `jq: ${jqError}`));
    } else {
      const error = rows.write({ source: where.source, recordNumber, rowNumber: recordNumber }, () => text.slice(start, end));
      if (error) errors.push(error);
    }
    if (discovered) flattener.discover(record, format.keepNullColumns, discovered);
  };

  const records = forEachLine(text, (pos, end, index) => {
    const recordNumber = where.firstRecord + index;
    const line = parseJsonLine(text.slice(pos, end), parse);
    if (line.reason !== null) errors.push(parseError(where.source, recordNumber, text, pos, end, line.reason));
    else if (useJq) pending.push({ record: line.record, recordNumber, start: pos, end });
    else write(line.record, recordNumber, pos, end, undefined);
  });

  if (useJq && pending.length > 0) {
    const results = runJq(
      pending.map((p) => p.record),
      flattener.jqPrograms,
    );
    pending.forEach((p, i) => write(p.record, p.recordNumber, p.start, p.end, results[i]));
    errors.sort((a, b) => a.recordNumber - b.recordNumber);
  }
  return records;
}
