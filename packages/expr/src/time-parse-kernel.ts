import type { FrameColumn } from '@silt/frame';
import type { Call } from './expr.ts';
import { parseIsoTimestamp, parseIsoTimestampBytes } from './time/iso-parse.ts';

/** What is known of a dictionary entry's parse: not parsed yet, a time, or not a timestamp (NULL). */
const UNPARSED = 0;
const PARSED = 1;
const NOT_A_TIME = 2;
/** Entries are parsed once each when the dictionary has at most this many per row (the dictionary path's bound). */
const MAX_ENTRIES_PER_ROW = 4;

/**
 * `TIME_PARSE(s)` with Druid's default parser (no format, no zone) over a STRING column, as one
 * loop: each dictionary entry the rows use is parsed once (per row when the dictionary is much
 * larger than the rows), from its UTF-8 bytes when the column keeps them (a scanned column, whose
 * strings then are never decoded), from its string otherwise.
 * Row by row through the generic path, the 1M-row wikipedia ingest decoded a million `time`
 * strings, evaluated each call through argument readers, and left the strings to the garbage
 * collector. Returns null for any other call or argument.
 */
export function timeParseKernel(call: Call, args: readonly FrameColumn[], n: number): FrameColumn | null {
  const column = args[0];
  if (call.fn !== 'TIME_PARSE' || args.length !== 1 || column?.kind !== 'string') return null;
  const { ids, utf8 } = column;
  const parse = (id: number) => (utf8 ? parseIsoTimestampBytes(utf8.bytes, utf8.offsets[id]!, utf8.offsets[id + 1]!) : parseIsoTimestamp(column.dictionary[id]!, null));
  const size = utf8 ? utf8.offsets.length - 1 : column.dictionary.length;
  // Each entry's parse is kept unless the dictionary is much larger than the rows (a segment's,
  // shared by small frames): then arrays as large as it would cost more than parsing per row.
  const memo = size <= MAX_ENTRIES_PER_ROW * n ? { times: new Float64Array(size), known: new Uint8Array(size) } : null;
  const values = new Float64Array(n);
  const nulls = new Uint8Array(n);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    let time: number | null = null;
    if (id >= 0 && memo) {
      if (memo.known[id] === UNPARSED) {
        const parsed = parse(id);
        memo.known[id] = parsed === null ? NOT_A_TIME : PARSED;
        memo.times[id] = parsed ?? 0;
      }
      time = memo.known[id] === PARSED ? memo.times[id]! : null;
    } else if (id >= 0) time = parse(id);
    if (time === null) {
      nulls[i] = 1;
      nullCount++;
    } else values[i] = time;
  }
  return { kind: 'numeric', values, nulls: nullCount > 0 ? nulls : null };
}
