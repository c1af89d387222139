/**
 * ORC files, as this reader implements them (Apache ORC specification v1):
 *
 * ```
 * "ORC" | stripe 0 | … | stripe n-1 | metadata | footer | postscript | postscript length (1 byte)
 * stripe = index streams | data streams | stripe footer
 * ```
 *
 * - The last byte is the postscript's length. The postscript (protobuf `PostScript`, never compressed)
 *   gives the footer's length, the compression kind and block size, and ends with the magic `ORC`.
 * - The footer (protobuf `Footer`, compressed) lists the stripes (offset, index/data/footer lengths,
 *   row count) and the type tree, flattened in pre-order: type 0 is the root struct, and a type's
 *   index is its column id.
 * - A stripe's footer (protobuf `StripeFooter`, compressed) lists its streams in file order (index
 *   streams first, from the stripe's offset) as (kind, column, length), each column's encoding
 *   (DIRECT, DICTIONARY, DIRECT_V2, DICTIONARY_V2, with the dictionary size) and the writer's time zone.
 * - Compressed parts are a sequence of chunks, each with a 3-byte little-endian header
 *   `length << 1 | isOriginal`: an original chunk is stored as is, the others are compressed alone with
 *   the file's codec (ZLIB = raw deflate, SNAPPY = raw snappy, ZSTD = zstd frames).
 *
 * Column value streams are described in orc-rle.ts and orc-columns.ts. The metadata section (stripe
 * statistics), row indexes and bloom filters are not read: every row of a stripe is decoded.
 *
 * This module holds the protobuf messages (from the specification's orc_proto.proto), defined by
 * protobufjs reflection; fields the reader does not use are left out and skipped when decoding.
 */
import protobuf from 'protobufjs';

const u64 = (id: number) => ({ type: 'uint64', id });
const u32 = (id: number) => ({ type: 'uint32', id });

const root = protobuf.Root.fromJSON({
  nested: {
    PostScript: {
      fields: { footerLength: u64(1), compression: { type: 'CompressionKind', id: 2 }, compressionBlockSize: u64(3), version: { rule: 'repeated', ...u32(4) }, metadataLength: u64(5), magic: { type: 'string', id: 8000 } },
    },
    CompressionKind: { values: { NONE: 0, ZLIB: 1, SNAPPY: 2, LZO: 3, LZ4: 4, ZSTD: 5 } },
    Footer: {
      fields: { headerLength: u64(1), contentLength: u64(2), stripes: { rule: 'repeated', type: 'StripeInformation', id: 3 }, types: { rule: 'repeated', type: 'Type', id: 4 }, numberOfRows: u64(6) },
    },
    StripeInformation: { fields: { offset: u64(1), indexLength: u64(2), dataLength: u64(3), footerLength: u64(4), numberOfRows: u64(5) } },
    Type: {
      fields: { kind: { type: 'Kind', id: 1 }, subtypes: { rule: 'repeated', ...u32(2) }, fieldNames: { rule: 'repeated', type: 'string', id: 3 }, maximumLength: u32(4), precision: u32(5), scale: u32(6) },
      nested: {
        Kind: {
          values: { BOOLEAN: 0, BYTE: 1, SHORT: 2, INT: 3, LONG: 4, FLOAT: 5, DOUBLE: 6, STRING: 7, BINARY: 8, TIMESTAMP: 9, LIST: 10, MAP: 11, STRUCT: 12, UNION: 13, DECIMAL: 14, DATE: 15, VARCHAR: 16, CHAR: 17, TIMESTAMP_INSTANT: 18 },
        },
      },
    },
    StripeFooter: { fields: { streams: { rule: 'repeated', type: 'Stream', id: 1 }, columns: { rule: 'repeated', type: 'ColumnEncoding', id: 2 }, writerTimezone: { type: 'string', id: 3 } } },
    Stream: {
      fields: { kind: { type: 'Kind', id: 1 }, column: u32(2), length: u64(3) },
      nested: {
        Kind: {
          values: { PRESENT: 0, DATA: 1, LENGTH: 2, DICTIONARY_DATA: 3, DICTIONARY_COUNT: 4, SECONDARY: 5, ROW_INDEX: 6, BLOOM_FILTER: 7, BLOOM_FILTER_UTF8: 8, ENCRYPTED_INDEX: 9, ENCRYPTED_DATA: 10, STRIPE_STATISTICS: 100, FILE_STATISTICS: 101 },
        },
      },
    },
    ColumnEncoding: { fields: { kind: { type: 'Kind', id: 1 }, dictionarySize: u32(2) }, nested: { Kind: { values: { DIRECT: 0, DICTIONARY: 1, DIRECT_V2: 2, DICTIONARY_V2: 3 } } } },
  },
});

/** Compression kinds of the postscript. */
export type OrcCompression = 'NONE' | 'ZLIB' | 'SNAPPY' | 'LZO' | 'LZ4' | 'ZSTD';

/** The postscript fields the reader uses. */
export interface OrcPostScript {
  readonly footerLength: number;
  readonly compression: OrcCompression;
  readonly compressionBlockSize: number;
  readonly metadataLength: number;
  readonly magic: string;
}

/** A type of the flattened type tree (its index is its column id). */
export interface OrcType {
  readonly kind: string;
  readonly subtypes: readonly number[];
  readonly fieldNames: readonly string[];
  readonly precision: number;
  readonly scale: number;
}

/** A stripe's place in the file. */
export interface OrcStripe {
  readonly offset: number;
  readonly indexLength: number;
  readonly dataLength: number;
  readonly footerLength: number;
  readonly numberOfRows: number;
}

/** The footer fields the reader uses. */
export interface OrcFooter {
  readonly stripes: readonly OrcStripe[];
  readonly types: readonly OrcType[];
  readonly numberOfRows: number;
}

/** A stream of a stripe. */
export interface OrcStream {
  readonly kind: string;
  readonly column: number;
  readonly length: number;
}

/** A stripe footer. */
export interface OrcStripeFooter {
  readonly streams: readonly OrcStream[];
  readonly columns: readonly { readonly kind: string; readonly dictionarySize: number }[];
  readonly writerTimezone: string;
}

const OBJECT_OPTIONS: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: true, arrays: true };

function decode<T>(name: string, bytes: Uint8Array): T {
  const type = root.lookupType(name);
  return type.toObject(type.decode(bytes), OBJECT_OPTIONS) as T;
}

/** Decodes a postscript. */
export const decodePostScript = (bytes: Uint8Array): OrcPostScript => decode('PostScript', bytes);

/** Encodes a message from its plain form (enum values by name), for writers of test and benchmark files. */
export function encodeOrcMessage(name: 'PostScript' | 'Footer' | 'StripeFooter', message: Record<string, unknown>): Uint8Array {
  const type = root.lookupType(name);
  return type.encode(type.fromObject(message)).finish();
}
/** Decodes an (uncompressed) footer. */
export const decodeFooter = (bytes: Uint8Array): OrcFooter => decode('Footer', bytes);
/** Decodes an (uncompressed) stripe footer. */
export const decodeStripeFooter = (bytes: Uint8Array): OrcStripeFooter => decode('StripeFooter', bytes);
