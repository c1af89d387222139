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
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/**
 * A scanner for RFC 4180 CSV: a field that starts with `"` is quoted until a `"` not followed by
 * another `"` (`""` is an escaped quote), and may hold newlines. A `"` anywhere else is an ordinary
 * character. The CSV record parser follows the same grammar, so both agree on where records end.
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
        case QUOTED:
          if (b === QUOTE) state = QUOTE_IN_QUOTED;
          break;
        case QUOTE_IN_QUOTED:
          if (b === QUOTE) {
            state = QUOTED;
            break;
          }
        // A closing quote: the byte after it is read as if outside quotes.
        // falls through
        case FIELD_START:
        case UNQUOTED:
          if (b === NL) {
            state = FIELD_START;
            found++;
            this.lastEnd = i;
          } else if (b === delimiter) {
            state = FIELD_START;
          } else if (state === FIELD_START && b === QUOTE) {
            state = QUOTED;
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
