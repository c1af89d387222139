import { INLINE_SOURCE } from './input-split.ts';

/** A record that could not be parsed. The chunk's other records still count. */
export interface ParseError {
  /** The split's source (file path, URI or `'inline'`). */
  readonly source: string;
  /** 1-based record number within the source, counting header rows. */
  readonly recordNumber: number;
  /** Druid's wording, e.g. `Unable to parse row [{"a":} ] (Path: file:/data/x.json, Line: 2)`. */
  readonly message: string;
  /** The first {@link EXCERPT_CHARS} characters of the raw record. */
  readonly excerpt: string;
}

/** Characters of a bad record kept in a parse error. */
export const EXCERPT_CHARS = 100;

/**
 * A parse error for the record `text[start, end)`, worded like Druid's `ParseException`:
 * `Unable to parse row [<excerpt>] (Path: <uri>, Line: <n>)`. Local files show as `file:` URIs, inline
 * data has no path.
 */
export function parseError(source: string, recordNumber: number, text: string, start: number, end: number): ParseError {
  const excerpt = text.slice(start, Math.min(end, start + EXCERPT_CHARS));
  const where = source === INLINE_SOURCE ? `Line: ${recordNumber}` : `Path: ${sourceUri(source)}, Line: ${recordNumber}`;
  return { source, recordNumber, message: `Unable to parse row [${excerpt}] (${where})`, excerpt };
}

function sourceUri(source: string): string {
  return source.startsWith('/') ? `file:${encodeURI(source)}` : source;
}
