import type { OrcCompression, OrcStripeFooter, OrcType } from './orc-proto.ts';
import { decompressOrc } from './orc-compression.ts';
import { readBooleans, readByteRle, readIntRleV1, readIntRleV2 } from './orc-rle.ts';
import { epochMillisOfWallClock } from './orc-time.ts';

/**
 * Decodes the columns of one stripe into row values. Streams per column kind:
 *
 * | kind | streams |
 * | --- | --- |
 * | every column | PRESENT (boolean RLE; absent when the column has no nulls) |
 * | BOOLEAN | DATA (boolean RLE) |
 * | BYTE | DATA (byte RLE) |
 * | SHORT, INT, LONG, DATE (days) | DATA (signed integer RLE) |
 * | FLOAT, DOUBLE | DATA (IEEE 754 little-endian, 4 or 8 bytes) |
 * | STRING, VARCHAR, CHAR, BINARY, direct | DATA (the bytes), LENGTH (unsigned integer RLE) |
 * | STRING, VARCHAR, CHAR, dictionary | DATA (unsigned integer RLE indexes), DICTIONARY_DATA, LENGTH (of the entries) |
 * | TIMESTAMP(_INSTANT) | DATA (signed integer RLE seconds since 2015-01-01 00:00:00), SECONDARY (unsigned: nanos, their trailing decimal zeros − 1 in the low 3 bits) |
 * | DECIMAL | DATA (signed varints of the unscaled value), SECONDARY (signed integer RLE scale) |
 * | STRUCT | its children |
 * | LIST, MAP | LENGTH (unsigned integer RLE), then the element (key and value) children |
 *
 * Integer RLE is v1 for encodings DIRECT/DICTIONARY and v2 for DIRECT_V2/DICTIONARY_V2. A child of a
 * struct, list or map holds values only for the rows where its parent is present.
 *
 * Values come out as Druid's ORC extension presents them: structs and maps as objects, lists as
 * arrays, booleans as booleans, timestamps and dates as epoch milliseconds (a TIMESTAMP keeps its
 * wall-clock time and is read as UTC), decimals as numbers, BINARY as bytes (UTF-8 text with
 * `binaryAsString`), strings as strings.
 */
export interface OrcStripeData {
  readonly types: readonly OrcType[];
  readonly footer: OrcStripeFooter;
  /** Decompressed streams by `column:kind`. */
  readonly streams: ReadonlyMap<string, Uint8Array>;
  readonly binaryAsString: boolean;
}

/** Splits a stripe's bytes (index and data streams, from the stripe's offset) into decompressed streams by `column:kind`. */
export function stripeStreams(bytes: Uint8Array, footer: OrcStripeFooter, compression: OrcCompression): Map<string, Uint8Array> {
  const streams = new Map<string, Uint8Array>();
  let offset = 0;
  for (const stream of footer.streams) {
    if (stream.kind !== 'ROW_INDEX' && !stream.kind.startsWith('BLOOM_FILTER')) {
      streams.set(`${stream.column}:${stream.kind}`, decompressOrc(bytes.subarray(offset, offset + stream.length), compression));
    }
    offset += stream.length;
  }
  return streams;
}

const decoder = new TextDecoder();

/** Reads `count` values of column `column` (nulls where not present). */
export function readOrcColumn(stripe: OrcStripeData, column: number, count: number): unknown[] {
  const present = stripe.streams.get(`${column}:PRESENT`);
  const mask = present ? readBooleans(present, count) : null;
  let nonNull = count;
  if (mask) nonNull = mask.reduce((n, b) => n + b, 0);
  const values = readValues(stripe, column, nonNull);
  if (!mask) return values;
  const out: unknown[] = new Array(count);
  for (let i = 0, j = 0; i < count; i++) out[i] = mask[i] ? values[j++] : null;
  return out;
}

function stream(stripe: OrcStripeData, column: number, kind: string): Uint8Array {
  return stripe.streams.get(`${column}:${kind}`) ?? new Uint8Array(0);
}

function integers(stripe: OrcStripeData, column: number, kind: string, count: number, signed: boolean): number[] {
  const bytes = stream(stripe, column, kind);
  const encoding = stripe.footer.columns[column]?.kind ?? 'DIRECT';
  return encoding.endsWith('_V2') ? readIntRleV2(bytes, count, signed) : readIntRleV1(bytes, count, signed);
}

function readValues(stripe: OrcStripeData, column: number, count: number): unknown[] {
  const type = stripe.types[column];
  if (!type) throw new Error(`ORC column ${column} has no type`);
  switch (type.kind) {
    case 'BOOLEAN':
      return Array.from(readBooleans(stream(stripe, column, 'DATA'), count), (b) => b === 1);
    case 'BYTE':
      return Array.from(readByteRle(stream(stripe, column, 'DATA'), count));
    case 'SHORT':
    case 'INT':
    case 'LONG':
      return integers(stripe, column, 'DATA', count, true);
    case 'DATE':
      return integers(stripe, column, 'DATA', count, true).map((days) => days * 86_400_000);
    case 'FLOAT':
    case 'DOUBLE':
      return floats(stream(stripe, column, 'DATA'), count, type.kind === 'FLOAT' ? 4 : 8);
    case 'STRING':
    case 'VARCHAR':
    case 'CHAR':
      return strings(stripe, column, count, true);
    case 'BINARY':
      return strings(stripe, column, count, stripe.binaryAsString);
    case 'TIMESTAMP':
    case 'TIMESTAMP_INSTANT':
      return timestamps(stripe, column, count, type.kind === 'TIMESTAMP' ? stripe.footer.writerTimezone : 'UTC');
    case 'DECIMAL':
      return decimals(stripe, column, count);
    case 'STRUCT': {
      const children = type.subtypes.map((child) => readOrcColumn(stripe, child, count));
      const rows: Record<string, unknown>[] = new Array(count);
      for (let r = 0; r < count; r++) {
        const row: Record<string, unknown> = {};
        type.fieldNames.forEach((name, i) => (row[name] = children[i]![r]));
        rows[r] = row;
      }
      return rows;
    }
    case 'LIST':
    case 'MAP': {
      const lengths = integers(stripe, column, 'LENGTH', count, false);
      const total = lengths.reduce((a, b) => a + b, 0);
      const keys = readOrcColumn(stripe, type.subtypes[0]!, total);
      const items = type.kind === 'MAP' ? readOrcColumn(stripe, type.subtypes[1]!, total) : null;
      const out: unknown[] = new Array(count);
      let at = 0;
      for (let r = 0; r < count; r++) {
        const n = lengths[r]!;
        if (items) {
          const map: Record<string, unknown> = {};
          for (let i = at; i < at + n; i++) map[String(keys[i])] = items[i];
          out[r] = map;
        } else {
          out[r] = keys.slice(at, at + n);
        }
        at += n;
      }
      return out;
    }
    default:
      throw new Error(`ORC type [${type.kind}] is not supported`);
  }
}

function floats(bytes: Uint8Array, count: number, width: 4 | 8): number[] {
  if (bytes.length < count * width) throw new Error('ORC float stream ends early');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = width === 4 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
  return out;
}

function strings(stripe: OrcStripeData, column: number, count: number, asText: boolean): unknown[] {
  const data = stream(stripe, column, 'DATA');
  const encoding = stripe.footer.columns[column]?.kind ?? 'DIRECT';
  const asValue = (bytes: Uint8Array) => (asText ? decoder.decode(bytes) : bytes.slice());
  if (encoding.startsWith('DICTIONARY')) {
    const size = stripe.footer.columns[column]!.dictionarySize;
    const dictionaryBytes = stream(stripe, column, 'DICTIONARY_DATA');
    const entries: unknown[] = [];
    let at = 0;
    for (const length of integers(stripe, column, 'LENGTH', size, false)) {
      entries.push(asValue(dictionaryBytes.subarray(at, (at += length))));
    }
    return integers(stripe, column, 'DATA', count, false).map((index) => {
      if (index >= entries.length) throw new Error(`ORC dictionary index ${index} is out of range`);
      return entries[index];
    });
  }
  const out: unknown[] = new Array(count);
  let at = 0;
  const lengths = integers(stripe, column, 'LENGTH', count, false);
  for (let i = 0; i < count; i++) {
    const end = at + lengths[i]!;
    if (end > data.length) throw new Error('ORC string data ends early');
    out[i] = asValue(data.subarray(at, end));
    at = end;
  }
  return out;
}

/** 2015-01-01T00:00:00Z in epoch seconds: ORC's timestamp base. */
const ORC_EPOCH_SECONDS = 1_420_070_400;

function timestamps(stripe: OrcStripeData, column: number, count: number, timezone: string): number[] {
  const seconds = integers(stripe, column, 'DATA', count, true);
  const nanos = integers(stripe, column, 'SECONDARY', count, false);
  const out: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const encoded = nanos[i]!;
    const zeros = encoded % 8;
    const nano = zeros === 0 ? Math.floor(encoded / 8) : Math.floor(encoded / 8) * 10 ** (zeros + 1);
    let wallSeconds = seconds[i]! + ORC_EPOCH_SECONDS;
    if (wallSeconds < 0 && nano > 999_999) wallSeconds -= 1;
    // Seconds count from 2015-01-01 00:00:00 in the writer's zone: as wall-clock time they read the
    // same whatever the zone, so the zone matters only to turn them into an instant and back.
    out[i] = epochMillisOfWallClock(wallSeconds * 1000, timezone) + Math.floor(nano / 1_000_000);
  }
  return out;
}

function decimals(stripe: OrcStripeData, column: number, count: number): number[] {
  const data = stream(stripe, column, 'DATA');
  const scales = integers(stripe, column, 'SECONDARY', count, true);
  const out: number[] = new Array(count);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= data.length) throw new Error('ORC decimal stream ends early');
      const b = data[pos++]!;
      value |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) break;
    }
    const unscaled = value & 1n ? -((value + 1n) >> 1n) : value >> 1n;
    out[i] = Number(unscaled) / 10 ** scales[i]!;
  }
  return out;
}
