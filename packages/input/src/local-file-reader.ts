import { type FileHandle, open } from 'node:fs/promises';
import { cannotReadInput } from './input-faults.ts';

const NEWLINE = 0x0a;

/**
 * Reads a local file straight into the caller's buffer, with no stream and no buffer of its own:
 * the whole file, or the records of one byte range. A range owns the records that start inside
 * [start, end): reading begins one byte early to see whether `start` begins a record, skips the
 * partial record otherwise, and goes on past `end` to the newline that ends the last record.
 */
export class LocalFileReader {
  private position: number;
  private emitting: boolean;
  private done = false;

  private constructor(
    private readonly handle: FileHandle,
    private readonly file: string,
    private readonly end: number,
    start: number,
  ) {
    this.position = start > 0 ? start - 1 : 0;
    this.emitting = start === 0;
  }

  /** @throws FaultError (CannotParseExternalData) when the file is missing or cannot be opened. */
  static async open(file: string, range?: { readonly start: number; readonly end: number }): Promise<LocalFileReader> {
    try {
      return new LocalFileReader(await open(file, 'r'), file, range?.end ?? Infinity, range?.start ?? 0);
    } catch (error) {
      throw readError(file, error);
    }
  }

  /**
   * Reads up to `max` bytes of the file (or range) into `into` at `offset` and returns how many it
   * wrote; 0 at the end.
   */
  async read(into: Uint8Array, offset: number, max: number): Promise<number> {
    while (!this.done) {
      const filePosition = this.position;
      const n = await this.handle.read(into, offset, max, filePosition).then(
        (r) => r.bytesRead,
        (error: unknown) => {
          throw readError(this.file, error);
        },
      );
      if (n === 0) break;
      this.position += n;
      let from = offset;
      let to = offset + n;
      if (!this.emitting) {
        const nl = indexOfNewline(into, from, to);
        if (nl < 0) continue;
        from = nl + 1;
        this.emitting = true;
        // The first record starting here belongs to the next range.
        if (filePosition + (from - offset) >= this.end) break;
      }
      if (this.end !== Infinity) {
        const last = Math.max(from, offset + (this.end - 1 - filePosition));
        const nl = last < to ? indexOfNewline(into, last, to) : -1;
        if (nl >= 0) {
          to = nl + 1;
          this.done = true;
        }
      }
      if (from > offset) into.copyWithin(offset, from, to);
      if (to > from) return to - from;
    }
    this.done = true;
    return 0;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

function indexOfNewline(bytes: Uint8Array, from: number, to: number): number {
  const at = bytes.subarray(from, to).indexOf(NEWLINE);
  return at < 0 ? -1 : from + at;
}

function readError(file: string, error: unknown): Error {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return cannotReadInput(`Input file [${file}] does not exist`);
  return cannotReadInput(`Cannot read input file [${file}]: ${(error as Error).message}`);
}
