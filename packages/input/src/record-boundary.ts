import { loadKernelsSync } from '@silt/kernels';

/**
 * Finds where records end in raw (decompressed, still UTF-8) bytes, so input can be cut into chunks
 * of whole records without decoding it. A record ends at a `\n` byte; for CSV, only at a `\n` outside
 * a quoted field. Scanners keep their state between calls, so input can arrive in pieces.
 */
export interface RecordScanner {
  /**
   * Scans `data` from `from`, stopping after `limit` record ends, after the first record end at or
   * beyond offset `stopAt` (that is, once {@link lastEnd} >= `stopAt`), or at the end of `data`.
   * Returns how many record ends were found; {@link lastEnd} is then the offset just after the last.
   */
  scan(data: Uint8Array, from: number, limit: number, stopAt?: number): number;
  /** Offset just after the last record end found by the latest {@link scan} that found one. */
  readonly lastEnd: number;
  /** Offset where the latest {@link scan} stopped: the next scan continues from there. */
  readonly position: number;
}

const NL = 0x0a;
const QUOTE = 0x22;

/** A scanner for line-based formats (JSON lines, TSV): every `\n` ends a record. */
export class LineScanner implements RecordScanner {
  lastEnd = 0;
  position = 0;
  scan(data: Uint8Array, from: number, limit: number, stopAt = Infinity): number {
    if (limit === Infinity) return this.scanAll(data, from, stopAt);
    let found = 0;
    let pos = from;
    while (found < limit && (found === 0 || pos < stopAt)) {
      const nl = data.indexOf(NL, pos);
      if (nl < 0) {
        pos = data.length;
        break;
      }
      found++;
      pos = nl + 1;
      this.lastEnd = pos;
    }
    this.position = pos;
    return found;
  }

  /**
   * The unlimited scan that cuts chunks, in two native passes instead of one call per record: find
   * the stop, then count the record ends before it with the SIMD kernel (a chunk holds thousands).
   */
  private scanAll(data: Uint8Array, from: number, stopAt: number): number {
    const stop = stopAt === Infinity ? -1 : data.indexOf(NL, Math.max(from, stopAt - 1));
    const end = stop >= 0 ? stop + 1 : data.length;
    const found = loadKernelsSync().countNewlines(data.subarray(from, end));
    if (found > 0) this.lastEnd = stop >= 0 ? end : data.lastIndexOf(NL, end - 1) + 1;
    this.position = end;
    return found;
  }
}

const FIELD_START = 0;
const UNQUOTED = 1;
/** In a field that starts with `"`, after an odd number of quotes. */
const IN_QUOTES = 2;
/** In a field that starts with `"`, right after an even number of quotes. */
const AFTER_QUOTE = 3;
/** In a field that starts with `"`, after an even number of quotes and then other characters. */
const OUT_OF_QUOTES = 4;

/**
 * A scanner for CSV as Druid's parser (opencsv's RFC4180Parser) reads it. A `"` is an ordinary
 * character in a field that does not start with one. In a field that starts with `"`, every `"`
 * toggles between inside and outside quotes (`""` is an escaped quote); the field ends at a delimiter
 * right after a quote that leaves the quotes, and the record at a newline outside quotes. A newline
 * inside quotes belongs to the field (Druid reads line by line; Silt keeps such records whole). The
 * CSV record parser follows the same grammar, so both agree on where records end.
 */
export class CsvScanner implements RecordScanner {
  lastEnd = 0;
  position = 0;
  private state = FIELD_START;
  constructor(private readonly delimiter: number) {}
  scan(data: Uint8Array, from: number, limit: number, stopAt = Infinity): number {
    const delimiter = this.delimiter;
    let state = this.state;
    let found = 0;
    let i = from;
    while (i < data.length && found < limit && (found === 0 || this.lastEnd < stopAt)) {
      const b = data[i++]!;
      switch (state) {
        case IN_QUOTES:
          if (b === QUOTE) state = AFTER_QUOTE;
          break;
        case AFTER_QUOTE:
        case OUT_OF_QUOTES:
          if (b === QUOTE) state = IN_QUOTES;
          else if (b === NL) {
            state = FIELD_START;
            found++;
            this.lastEnd = i;
          } else if (b === delimiter && state === AFTER_QUOTE) state = FIELD_START;
          else state = OUT_OF_QUOTES;
          break;
        case FIELD_START:
        case UNQUOTED:
          if (b === NL) {
            state = FIELD_START;
            found++;
            this.lastEnd = i;
          } else if (b === delimiter) {
            state = FIELD_START;
          } else if (state === FIELD_START && b === QUOTE) {
            state = IN_QUOTES;
          } else {
            state = UNQUOTED;
          }
          break;
      }
    }
    this.state = state;
    this.position = i;
    return found;
  }
}
