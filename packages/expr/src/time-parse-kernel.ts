import type { FrameColumn } from '@silt/frame';
import type { Call } from './expr.ts';
import { parseIsoTimestamp, parseIsoTimestampBytes } from './time/iso-parse.ts';

/** What is known of a dictionary entry's parse: not parsed yet, a time, or not a timestamp (NULL). */
const UNPARSED = 0;
const PARSED = 1;
const NOT_A_TIME = 2;

/**
 * `TIME_PARSE(s)` with Druid's default parser (no format, no zone) over a STRING column, as one
 * loop: each dictionary entry the rows use is parsed once, from its UTF-8 bytes when the column
 * keeps them (a scanned column, whose strings then are never decoded), from its string otherwise.
 * Row by row through the generic path, the 1M-row wikipedia ingest decoded a million `time`
 * strings, evaluated each call through argument readers, and left the strings to the garbage
 * collector. Returns null for any other call or argument.
 */
export function timeParseKernel(call: Call, args: readonly FrameColumn[], n: number): FrameColumn | null {
  const column = args[0];
  if (call.fn !== 'TIME_PARSE' || args.length !== 1 || column?.kind !== 'string') return null;
  const { ids, utf8 } = column;
  const size = utf8 ? utf8.offsets.length - 1 : column.dictionary.length;
  const times = new Float64Array(size);
  const known = new Uint8Array(size);
  const values = new Float64Array(n);
  const nulls = new Uint8Array(n);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (id >= 0 && known[id] === UNPARSED) {
      const time = utf8 ? parseIsoTimestampBytes(utf8.bytes, utf8.offsets[id]!, utf8.offsets[id + 1]!) : parseIsoTimestamp(column.dictionary[id]!, null);
      known[id] = time === null ? NOT_A_TIME : PARSED;
      times[id] = time ?? 0;
    }
    if (id < 0 || known[id] === NOT_A_TIME) {
      nulls[i] = 1;
      nullCount++;
    } else values[i] = times[id]!;
  }
  return { kind: 'numeric', values, nulls: nullCount > 0 ? nulls : null };
}
