/**
 * The host side of the NDJSON scanner kernel (`assembly/json-lines.ts`, which documents the call
 * header and every output array byte by byte): lays the chunk and the wanted keys out in scratch
 * memory, runs `jsonCountLines` and `jsonScanLines`, and copies the per-line outputs and the
 * distinct strings' UTF-8 bytes out (no string is decoded here: a consumer decodes what it reads).
 *
 * Scratch layout of one call (each part 16-byte aligned, in this order): header, key table, key
 * bytes (each followed by 8 spare bytes), chunk bytes (+ sentinel and slack), lineStart, lineEnd,
 * fallback, kinds, values, ids, entries, hash slots, arena, string bytes, string offsets, key
 * counts, work, kindsSeen.
 * Memory is only grown (by `reserve`), so a thread keeps the largest layout it has needed.
 */
import { isByteMatchableKey, JsonKind, type JsonLinesScan, type Utf8Strings } from './json-lines-scan.ts';

/** The raw exports of the NDJSON kernel. */
export interface JsonLinesExports {
  readonly memory: WebAssembly.Memory;
  readonly JSON_HEADER_BYTES: WebAssembly.Global;
  readonly JSON_SLACK_BYTES: WebAssembly.Global;
  readonly JSON_ENTRY_BYTES: WebAssembly.Global;
  jsonCountLines(data: number, len: number): number;
  jsonWorkBytes(keys: number, capacity: number): number;
  jsonScanLines(header: number): number;
}

/** Most `lines × keys` value slots one scan holds (13 bytes each); bigger chunks are declined. */
export const MAX_JSON_SLOTS = 1 << 22;

const KIND_NUMBER_TEXT = 2;

const align16 = (x: number): number => Math.ceil(x / 16) * 16;

const encoder = new TextEncoder();
// Keeps a byte-order mark as a character, and replaces invalid bytes exactly as decoding the whole
// chunk would (every string is delimited by ASCII quotes).
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Scans NDJSON chunks with one kernel instance. `scratch(bytes)` sizes the instance's scratch
 * memory and returns its base address (see `reserve` in `kernels.ts`). The per-slot and per-line
 * arrays of a scan are views of that memory (a chunk's scan is read once, by the caller, before the
 * next: copying them out cost about 2.7 MB of fresh memory per 4 MiB chunk); the dictionaries,
 * which frames keep, are copies.
 */
export function jsonLinesScanner(wasm: JsonLinesExports, scratch: (bytes: number) => number): (bytes: Uint8Array, keys: readonly string[]) => JsonLinesScan | null {
  const headerBytes = wasm.JSON_HEADER_BYTES.value as number;
  const slackBytes = wasm.JSON_SLACK_BYTES.value as number;
  const entryBytes = wasm.JSON_ENTRY_BYTES.value as number;

  return (bytes, keys) => {
    const encoded = keys.map((key) => {
      if (!isByteMatchableKey(key)) throw new RangeError(`Key [${key}] has a lone surrogate or U+FFFD, so it cannot be matched by its UTF-8 bytes`);
      return encoder.encode(key);
    });
    const k = keys.length;
    const len = bytes.length;

    // Part 1: header, keys and chunk, enough to count the lines.
    const keyTable = headerBytes;
    let at = align16(keyTable + 8 * k);
    const keyAddresses: number[] = [];
    for (const key of encoded) {
      keyAddresses.push(at);
      at = align16(at + key.length + 8);
    }
    const dataAt = at;
    const dataEnd = align16(dataAt + len + 1 + slackBytes);
    let base = scratch(dataEnd);
    let memory = new Uint8Array(wasm.memory.buffer);
    memory.set(bytes, base + dataAt);
    const lines = wasm.jsonCountLines(base + dataAt, len);
    if (lines * k > MAX_JSON_SLOTS) return null;

    // Part 2: outputs and scratch, sized from the line count.
    const slots = lines * k;
    const stringCapacity = Math.max(1, Math.min(slots, Math.floor(len / 5) + 1));
    let tableSlots = 16;
    while (tableSlots < 2 * stringCapacity) tableSlots *= 2;
    const lineStartAt = dataEnd;
    const lineEndAt = align16(lineStartAt + 4 * lines);
    const fallbackAt = align16(lineEndAt + 4 * lines);
    const kindsAt = align16(fallbackAt + lines);
    const valuesAt = align16(kindsAt + slots);
    const idsAt = align16(valuesAt + 8 * slots);
    const entriesAt = align16(idsAt + 4 * slots);
    const tableAt = align16(entriesAt + entryBytes * stringCapacity);
    const arenaAt = align16(tableAt + 8 * tableSlots);
    const stringBytesAt = align16(arenaAt + len + 8);
    const stringOffsetsAt = align16(stringBytesAt + len + 8);
    const keyCountsAt = align16(stringOffsetsAt + 4 * (stringCapacity + k));
    const workAt = align16(keyCountsAt + 8 * k);
    const kindsSeenAt = align16(workAt + wasm.jsonWorkBytes(k, stringCapacity));
    base = scratch(kindsSeenAt + 4 * k);
    memory = new Uint8Array(wasm.memory.buffer);
    const words = new Uint32Array(wasm.memory.buffer, base, headerBytes / 4);
    const descriptors = new Uint32Array(wasm.memory.buffer, base + keyTable, 2 * k);
    for (let i = 0; i < k; i++) {
      descriptors[2 * i] = base + keyAddresses[i]!;
      descriptors[2 * i + 1] = encoded[i]!.length;
      memory.set(encoded[i]!, base + keyAddresses[i]!);
    }
    words.set([
      base + dataAt, len, lines, k, base + keyTable, base + lineStartAt, base + lineEndAt, base + fallbackAt, base + kindsAt,
      base + valuesAt, base + idsAt, base + entriesAt, base + tableAt, tableSlots - 1, base + arenaAt, base + stringBytesAt, base + stringOffsetsAt,
      base + workAt, 0, 0, 0, base + keyCountsAt, 0, base + kindsSeenAt,
    ]);
    wasm.jsonScanLines(base);
    const stringCount = words[18]!;
    const numberTexts = words[19]!;
    const stringBytes = words[20]!;
    const illFormed = words[22]!;

    const buffer = wasm.memory.buffer;
    const view = Buffer.from(buffer);
    // Views, not copies (see `JsonLinesScan`): valid until the next kernel call on this thread.
    const kinds = memory.subarray(base + kindsAt, base + kindsAt + slots);
    const ids = new Int32Array(buffer, base + idsAt, slots);
    const kindsSeen = new Uint32Array(buffer, base + kindsSeenAt, k);
    const numbers = new Float64Array(buffer, base + valuesAt, slots);
    if (numberTexts > 0) {
      const raw = new Uint32Array(numbers.buffer, numbers.byteOffset, 2 * slots);
      for (let i = 0; i < slots; i++) {
        if (kinds[i] !== KIND_NUMBER_TEXT) continue;
        const start = base + dataAt + raw[2 * i]!;
        numbers[i] = Number(view.toString('latin1', start, start + raw[2 * i + 1]!));
        kinds[i] = JsonKind.NUMBER;
      }
      for (let key = 0; key < k; key++) if (kindsSeen[key]! & (1 << KIND_NUMBER_TEXT)) kindsSeen[key] = (kindsSeen[key]! & ~(1 << KIND_NUMBER_TEXT)) | (1 << JsonKind.NUMBER);
    }
    const keyCounts = new Uint32Array(buffer, base + keyCountsAt, 2 * k);
    const bytesOut = memory.slice(base + stringBytesAt, base + stringBytesAt + stringBytes);
    const offsetsOut = new Uint32Array(buffer.slice(base + stringOffsetsAt, base + stringOffsetsAt + 4 * (stringCount + k)));
    const dictionaries: Utf8Strings[] = [];
    for (let key = 0, offsetAt = 0, byteAt = 0; key < k; key++) {
      const count = keyCounts[2 * key]!;
      const offsets = offsetsOut.subarray(offsetAt, offsetAt + count + 1);
      const strings = { bytes: bytesOut.subarray(byteAt, byteAt + offsets[count]!), offsets, asciiCount: keyCounts[2 * key + 1]! };
      dictionaries.push(illFormed > 0 ? mergeEqualStrings(strings, key, kinds, ids, lines) : strings);
      offsetAt += count + 1;
      byteAt += offsets[count]!;
    }
    return {
      lines,
      keys: k,
      lineStart: new Uint32Array(buffer, base + lineStartAt, lines),
      lineEnd: new Uint32Array(buffer, base + lineEndAt, lines),
      fallback: memory.subarray(base + fallbackAt, base + fallbackAt + lines),
      kinds,
      numbers,
      ids,
      kindsSeen,
      dictionaries,
    };
  };
}

/**
 * Key `key`'s strings made well-formed: ill-formed bytes decode to U+FFFD, as decoding the whole
 * chunk would, so distinct bytes may become one value; each value keeps its first id. Only the
 * non-ASCII strings can change or collide.
 */
function mergeEqualStrings(strings: Utf8Strings, key: number, kinds: Uint8Array, ids: Int32Array, lines: number): Utf8Strings {
  const { bytes, offsets, asciiCount } = strings;
  const count = offsets.length - 1;
  const firstId = new Map<string, number>();
  const remap = new Int32Array(count).map((_, i) => i);
  const kept: Uint8Array[] = [];
  for (let i = asciiCount; i < count; i++) {
    const value = decoder.decode(bytes.subarray(offsets[i], offsets[i + 1]));
    const known = firstId.get(value);
    if (known === undefined) {
      firstId.set(value, asciiCount + kept.length);
      remap[i] = asciiCount + kept.length;
      kept.push(encoder.encode(value));
    } else {
      remap[i] = known;
    }
  }
  const asciiBytes = offsets[asciiCount]!;
  const merged = new Uint8Array(asciiBytes + kept.reduce((n, b) => n + b.length, 0));
  merged.set(bytes.subarray(0, asciiBytes));
  const mergedOffsets = new Uint32Array(asciiCount + kept.length + 1);
  mergedOffsets.set(offsets.subarray(0, asciiCount + 1));
  kept.forEach((b, j) => {
    merged.set(b, mergedOffsets[asciiCount + j]!);
    mergedOffsets[asciiCount + j + 1] = mergedOffsets[asciiCount + j]! + b.length;
  });
  if (kept.length < count - asciiCount) for (let slot = key * lines; slot < (key + 1) * lines; slot++) if (kinds[slot] === JsonKind.STRING) ids[slot] = remap[ids[slot]!]!;
  return { bytes: merged, offsets: mergedOffsets, asciiCount };
}
