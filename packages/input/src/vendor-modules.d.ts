/**
 * Type declarations for the two decompression libraries that ship without any.
 */

declare module 'snappyjs' {
  /** Decompresses one raw Snappy block; throws when it is malformed or larger than `maxLength`. */
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  /** Compresses bytes into one raw Snappy block. */
  export function compress(uncompressed: Uint8Array): Uint8Array;
}

declare module 'unbzip2-stream' {
  /** A bzip2 decoder as a classic `through` stream: `write()` compressed bytes, `'data'` gives decompressed ones. */
  interface Bunzip2Stream {
    write(data: Uint8Array): boolean;
    end(): void;
    on(event: 'data', listener: (data: Buffer) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: 'end', listener: () => void): this;
  }
  function unbzip2Stream(): Bunzip2Stream;
  export default unbzip2Stream;
}
