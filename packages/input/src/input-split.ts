/**
 * One unit of input a worker reads on its own: a file, a URI, or the whole inline data. Splits are
 * plain data (structured-clone-able) so the controller can hand them to workers.
 */
export interface InputSplit {
  /** Absolute file path, URI, or `'inline'`. */
  readonly source: string;
  /** Bytes to read: the file size (compressed size for compressed files), Content-Length (0 if unknown), or the inline data's UTF-8 length. */
  readonly size: number;
  /** The input source spec this split belongs to (the reader takes credentials and headers from it). */
  readonly inputSource: Readonly<Record<string, unknown>>;
  /**
   * Part of a large local file (see `byteRangeSplits`): the split reads the records that start in
   * [start, end). Record numbers in parse errors then count from the range's first record.
   */
  readonly byteRange?: { readonly start: number; readonly end: number };
}

/** The `source` of the split of an inline input source. */
export const INLINE_SOURCE = 'inline';
