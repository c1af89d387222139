import { INLINE_SOURCE } from './input-split.ts';

interface ParseErrorFields {
  /** The split's source (file path, URI or `'inline'`). */
  readonly source: string;
  /**
   * 1-based record number within the source: the line for text formats (header rows counted), the
   * record's index in the file for binary formats (Avro, Parquet, ORC, Protobuf).
   */
  readonly recordNumber: number;
  /** Druid's wording, e.g. `Unable to parse row [{"a":} ] (Path: file:/data/x.json, Line: 2)`. */
  readonly message: string;
  /** The first {@link EXCERPT_CHARS} characters of the raw record (hex bytes when it could not be decoded). */
  readonly excerpt: string;
  /** Why the record is bad, e.g. the JSON syntax error or `Incorrect Regex: … No match found.` */
  readonly reason: string;
}

/** A record that could not be parsed: Druid counts it against `maxParseExceptions`. */
export interface CannotParseError extends ParseErrorFields {
  readonly code: 'CannotParseExternalData';
}

/** A record that could not be read; the chunk's other records still count. */
export type ParseError = CannotParseError;

/** Characters of a bad record kept in a parse error. */
export const EXCERPT_CHARS = 100;

/**
 * A parse error for the record `text[start, end)`, worded like Druid's `ParseException`:
 * `Unable to parse row [<excerpt>] (Path: <uri>, Line: <n>)`. Local files show as `file:` URIs, inline
 * data has no path.
 */
export function parseError(source: string, recordNumber: number, text: string, start: number, end: number, reason = 'Unable to parse row'): CannotParseError {
  const excerpt = text.slice(start, Math.min(end, start + EXCERPT_CHARS));
  return { code: 'CannotParseExternalData', source, recordNumber, message: `Unable to parse row [${excerpt}] (${where(source, 'Line', recordNumber)})`, excerpt, reason };
}

/**
 * A parse error for record `recordNumber` of a binary file (Avro, Parquet, ORC, Protobuf):
 * `<reason> (Path: <uri>, Record: <n>)`. `raw` is the record as far as it was decoded (shown as
 * JSON) or its bytes (shown as hex).
 */
export function binaryParseError(source: string, recordNumber: number, raw: unknown, reason: string): CannotParseError {
  const excerpt = excerptOf(raw);
  return { code: 'CannotParseExternalData', source, recordNumber, message: `${reason} (${where(source, 'Record', recordNumber)})`, excerpt, reason };
}

/**
 * The error of a row whose timestamp cannot be parsed (found after parsing, by the native timestampSpec):
 * `Timestamp[<value>] is unparseable! (Path: <uri>, Line: <n>)`.
 */
export function unparseableTimestampError(source: string, recordNumber: number, value: unknown): CannotParseError {
  const excerpt = String(value).slice(0, EXCERPT_CHARS);
  return { code: 'CannotParseExternalData', source, recordNumber, message: `Timestamp[${String(value)}] is unparseable! (${where(source, 'Line', recordNumber)})`, excerpt, reason: 'Timestamp is unparseable' };
}

/** Up to {@link EXCERPT_CHARS} characters showing a decoded record (JSON) or raw bytes (hex). */
export function excerptOf(raw: unknown): string {
  if (raw instanceof Uint8Array) return Buffer.from(raw.subarray(0, EXCERPT_CHARS / 2)).toString('hex');
  if (typeof raw === 'string') return raw.slice(0, EXCERPT_CHARS);
  let text: string;
  try {
    text = JSON.stringify(raw, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)) ?? String(raw);
  } catch {
    text = String(raw);
  }
  return text.slice(0, EXCERPT_CHARS);
}

function where(source: string, unit: 'Line' | 'Record', n: number): string {
  return source === INLINE_SOURCE ? `${unit}: ${n}` : `Path: ${sourceUri(source)}, ${unit}: ${n}`;
}

function sourceUri(source: string): string {
  return source.startsWith('/') ? `file:${encodeURI(source)}` : source;
}
