import type { RowSignature } from '@silt/common';
import type { ColumnWriter } from './column-writer.ts';
import { type ParseError, parseError } from './parse-error.ts';

/**
 * Parses newline-delimited JSON into the writers (one per signature column), as Druid's line-based
 * JSON reader does: every line is a record (a `\r` before the `\n` is dropped, and a newline ending
 * the text does not start another record); a line that is empty, is not valid JSON, or is not a JSON
 * object is a parse error. Object keys map to signature columns by name; a missing key is null.
 * Returns the number of records seen, bad ones included.
 */
export function parseJsonRecords(
  text: string,
  signature: RowSignature,
  writers: readonly ColumnWriter[],
  where: { readonly source: string; readonly firstRecord: number },
  errors: ParseError[],
): number {
  const names = signature.map((c) => c.name);
  // Names such as "constructor" would otherwise be found on Object.prototype.
  const inherited = names.map((name) => name in Object.prototype);
  const width = writers.length;
  const n = text.length;
  let records = 0;
  for (let pos = 0; pos < n; ) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? n : nl;
    const end = lineEnd > pos && text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
    const recordNumber = where.firstRecord + records++;
    let row: unknown;
    try {
      row = JSON.parse(text.slice(pos, end));
    } catch {
      row = undefined;
    }
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      errors.push(parseError(where.source, recordNumber, text, pos, end));
    } else {
      const object = row as Record<string, unknown>;
      for (let c = 0; c < width; c++) {
        const name = names[c]!;
        writers[c]!.add(inherited[c] && !Object.hasOwn(object, name) ? null : object[name]);
      }
    }
    pos = lineEnd + 1;
  }
  return records;
}
