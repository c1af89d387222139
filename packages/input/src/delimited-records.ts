import type { RowSignature } from '@silt/common';
import { cannotReadInput } from './input-faults.ts';
import type { DelimitedInputFormat } from './input-format-spec.ts';
import { type ParseError, parseError } from './parse-error.ts';
import type { RowWriter } from './row-writer.ts';
import { tryParseNumber } from './value-coercion.ts';

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * Reads CSV records from text as Druid's parser (opencsv's RFC4180Parser) splits a line, with the
 * grammar of `CsvScanner`: a field that starts with `"` runs to a delimiter right after a quote that
 * leaves the quotes (every `"` toggles in and out), or to the end of the record; its first quote and a
 * last quote are dropped. In every field `""` reads as `"`; other quotes stay as they are (`a"b`,
 * `"a"b` → `a"b`). Quoted fields may hold delimiters and newlines; an empty unquoted field is null
 * while `""` is the empty string (Druid's reading in SQL-compatible null handling); a `\r` before the
 * record's `\n` is dropped. A record is bad when the text ends inside quotes.
 */
class CsvRecordReader {
  /** Where the current record starts and ends (before its newline). */
  start = 0;
  end = 0;
  /** Whether the current record is malformed. */
  bad = false;
  private pos = 0;
  /** Whether the field `fieldEnd` last scanned holds a quote. */
  private sawQuote = false;
  constructor(
    private readonly text: string,
    private readonly delimiter: number,
  ) {}

  /** Reads the next record's fields into `fields`; false when the text is used up. */
  next(fields: (string | null)[]): boolean {
    const { text, delimiter } = this;
    const n = text.length;
    let i = this.pos;
    if (i >= n) return false;
    fields.length = 0;
    this.bad = false;
    this.start = i;
    for (;;) {
      let value: string | null;
      if (text.charCodeAt(i) === QUOTE) {
        const end = this.quotedFieldEnd(i);
        if (end < 0) {
          this.bad = true;
          this.end = this.pos = n;
          return true;
        }
        value = unquote(text.slice(i, withoutCr(text, i, end)));
        i = end;
      } else {
        const end = this.fieldEnd(i);
        const stop = withoutCr(text, i, end);
        value = stop === i ? null : text.slice(i, stop);
        if (value !== null && this.sawQuote && value.includes('""')) value = value.replaceAll('""', '"');
        i = end;
      }
      fields.push(value);
      if (i < n && text.charCodeAt(i) === delimiter) {
        i++;
        continue;
      }
      this.end = i;
      if (text.charCodeAt(i) === CR) i++;
      this.pos = i < n ? i + 1 : n;
      return true;
    }
  }

  /**
   * Index of the delimiter or newline ending a field that starts with the quote at `from` (or the
   * text's end), or -1 when the text ends inside quotes.
   */
  private quotedFieldEnd(from: number): number {
    const { text, delimiter } = this;
    const n = text.length;
    for (let j = from + 1; ; ) {
      const close = text.indexOf('"', j);
      if (close < 0) return -1;
      let k = close + 1;
      if (k >= n) return n;
      const c = text.charCodeAt(k);
      if (c === delimiter || c === NL) return k;
      // Outside quotes: a delimiter here does not end the field; a quote opens them again.
      for (; k < n; k++) {
        const d = text.charCodeAt(k);
        if (d === QUOTE) break;
        if (d === NL) return k;
      }
      if (k >= n) return n;
      j = k + 1;
    }
  }

  /** Index of the delimiter or newline ending an unquoted field that starts at `from` (or the text's end). */
  private fieldEnd(from: number): number {
    const { text, delimiter } = this;
    let quote = false;
    let i = from;
    for (const n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === delimiter || c === NL) break;
      if (c === QUOTE) quote = true;
    }
    this.sawQuote = quote;
    return i;
  }
}

/** `end`, or one less when the field ends at a record's `\r\n`. */
function withoutCr(text: string, start: number, end: number): number {
  return text.charCodeAt(end) === NL && end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
}

/** A field that starts with a quote, as opencsv reads it: without that quote and a last one, `""` as `"`. */
function unquote(field: string): string {
  const inner = field.charCodeAt(field.length - 1) === QUOTE && field.length > 1 ? field.slice(1, -1) : field.slice(1);
  return inner.includes('""') ? inner.replaceAll('""', '"') : inner;
}

/**
 * Splits one TSV line (no trailing newline) on the delimiter, with no quoting; empty fields are null
 * (Druid's `DelimitedBytes.split`).
 */
function splitDelimitedLine(line: string, delimiter: string, fields: (string | null)[]): void {
  fields.length = 0;
  for (const part of line.split(delimiter)) fields.push(part === '' ? null : part);
}

/** A record source over a chunk's text: CSV (quote-aware) or TSV lines. */
interface FieldReader {
  next(fields: (string | null)[]): boolean;
  readonly start: number;
  readonly end: number;
  readonly bad: boolean;
}

class TsvLineReader implements FieldReader {
  start = 0;
  end = 0;
  readonly bad = false;
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly delimiter: string,
  ) {}
  next(fields: (string | null)[]): boolean {
    const text = this.text;
    if (this.pos >= text.length) return false;
    const nl = text.indexOf('\n', this.pos);
    const lineEnd = nl < 0 ? text.length : nl;
    this.start = this.pos;
    this.end = lineEnd > this.start && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
    splitDelimitedLine(text.slice(this.start, this.end), this.delimiter, fields);
    this.pos = lineEnd + 1;
    return true;
  }
}

function fieldReader(text: string, format: DelimitedInputFormat): FieldReader {
  return format.type === 'csv' ? new CsvRecordReader(text, format.delimiter.charCodeAt(0)) : new TsvLineReader(text, format.delimiter);
}

/**
 * Column names from a header record (its text, newline included or not). Empty names become
 * `column_<n>` (1-based), as in Druid.
 *
 * @throws FaultError (CannotParseExternalData) for a malformed header or duplicate names
 *   (`Duplicate column entries found : [a]`).
 */
export function parseHeader(text: string, format: DelimitedInputFormat, source: string): string[] {
  const fields: (string | null)[] = [];
  const reader = fieldReader(text, format);
  if (!reader.next(fields) || reader.bad) throw cannotReadInput(`Unable to parse header row [${text.slice(0, 100)}] of [${source}]`);
  const columns = fields.map((f, i) => (f ? f : `column_${i + 1}`));
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const c of columns) (seen.has(c) ? duplicates : seen).add(c);
  if (duplicates.size > 0) throw cannotReadInput(`Duplicate column entries found : [${[...duplicates].join(', ')}] in the header of [${source}]`);
  return columns;
}

/**
 * Parses the CSV/TSV records of a chunk's text into `rows`. Fields map to signature columns by name
 * through `columns` (missing fields are null, extra fields are ignored); a field holding
 * `listDelimiter` becomes a multi-value list. `headerRecords` (skipped rows and the header) are not
 * counted as data rows. Returns the number of records seen.
 */
export function parseDelimitedRecords(
  text: string,
  format: DelimitedInputFormat,
  columns: readonly string[],
  signature: RowSignature,
  rows: RowWriter,
  where: { readonly source: string; readonly firstRecord: number },
  errors: ParseError[],
  headerRecords: number,
): number {
  const fieldIndex = signature.map((c) => columns.indexOf(c.name));
  const { listDelimiter, tryParseNumbers } = format;
  const reader = fieldReader(text, format);
  const fields: (string | null)[] = [];
  const values = rows.values;
  let records = 0;
  while (reader.next(fields)) {
    const recordNumber = where.firstRecord + records++;
    if (reader.bad) {
      errors.push(parseError(where.source, recordNumber, text, reader.start, reader.end, 'Malformed quoted field'));
      continue;
    }
    for (let c = 0; c < values.length; c++) {
      const index = fieldIndex[c]!;
      const field = index >= 0 && index < fields.length ? fields[index]! : null;
      values[c] = field === null ? null : fieldValue(field, listDelimiter, tryParseNumbers);
    }
    const { start, end } = reader;
    const error = rows.write({ source: where.source, recordNumber, rowNumber: recordNumber - headerRecords }, () => text.slice(start, end));
    if (error) errors.push(error);
  }
  return records;
}

/** A field as Druid's ParserUtils transforms it: split on the list delimiter, numbers parsed if asked. */
export function fieldValue(field: string, listDelimiter: string, tryParseNumbers: boolean): unknown {
  if (field.includes(listDelimiter)) {
    const values = field.split(listDelimiter);
    return tryParseNumbers ? values.map(tryParseNumber) : values;
  }
  return tryParseNumbers ? tryParseNumber(field) : field;
}
