import type { FrameColumn } from '@silt/frame';
import { murmur3x86128 } from './murmur3.ts';

/**
 * How sketches hash input values: strings by their UTF-8 bytes, numbers by the 8 bytes of their IEEE
 * double (so LONG 5 and DOUBLE 5.0 hash alike, -0 as 0), anything else (JSON values, arrays) by its
 * JSON text. The hash is MurmurHash3 x86-128 with seed 0; callers read words 0 and 1.
 */

let scratch = new Uint8Array(256);
const view = new DataView(new ArrayBuffer(8));
const numberBytes = new Uint8Array(view.buffer);
const encoder = new TextEncoder();

/** Hashes a string's UTF-8 bytes into `out`. */
export function hashString(s: string, out: Uint32Array): void {
  if (s.length * 3 > scratch.length) scratch = new Uint8Array(s.length * 3);
  const { written } = encoder.encodeInto(s, scratch);
  murmur3x86128(scratch, written, 0, out);
}

/** Hashes a number's IEEE-754 bytes into `out`. */
export function hashNumber(n: number, out: Uint32Array): void {
  view.setFloat64(0, n === 0 ? 0 : n, true);
  murmur3x86128(numberBytes, 8, 0, out);
}

/** Hashes one non-null scalar value into `out`. */
export function hashValue(value: unknown, out: Uint32Array): void {
  if (typeof value === 'string') hashString(value, out);
  else if (typeof value === 'number') hashNumber(value, out);
  else hashString(JSON.stringify(value), out);
}

/**
 * Calls `visit(row, h0, h1)` for every value of the rows of `column` that `mask` selects (all rows
 * when null). NULL rows are skipped. With `elements` set, an array value (a multi-value string row)
 * contributes each non-null element; otherwise it is hashed whole. Dictionary-encoded strings are
 * hashed once per dictionary entry used, not once per row.
 */
export function forEachHash(column: FrameColumn, mask: Uint8Array | null, elements: boolean, visit: (row: number, h0: number, h1: number) => void): void {
  const out = new Uint32Array(4);
  switch (column.kind) {
    case 'numeric': {
      const { values, nulls } = column;
      for (let i = 0; i < values.length; i++) {
        if ((mask && mask[i] !== 1) || (nulls && nulls[i] === 1)) continue;
        hashNumber(values[i]!, out);
        visit(i, out[0]!, out[1]!);
      }
      return;
    }
    case 'string': {
      const { ids, dictionary } = column;
      // Two words per dictionary entry, computed on first use; done[id] marks computed entries.
      const small = dictionary.length <= 4 * ids.length;
      const words = small ? new Uint32Array(2 * dictionary.length) : null;
      const done = small ? new Uint8Array(dictionary.length) : null;
      const cache = small ? null : new Map<number, number>();
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        if (id < 0 || (mask && mask[i] !== 1)) continue;
        if (words && done) {
          if (done[id] !== 1) {
            hashString(dictionary[id]!, out);
            words[2 * id] = out[0]!;
            words[2 * id + 1] = out[1]!;
            done[id] = 1;
          }
          visit(i, words[2 * id]!, words[2 * id + 1]!);
        } else {
          let packed = cache!.get(id);
          if (packed === undefined) {
            hashString(dictionary[id]!, out);
            packed = out[0]! * 4294967296 + out[1]!;
            cache!.set(id, packed);
          }
          visit(i, Math.floor(packed / 4294967296), packed % 4294967296);
        }
      }
      return;
    }
    case 'object': {
      const { values } = column;
      // Multi-value rows repeat their strings: hash each distinct string once per call.
      const strings = new Map<string, number>();
      const emit = (row: number, v: unknown): void => {
        if (typeof v !== 'string') {
          hashValue(v, out);
          visit(row, out[0]!, out[1]!);
          return;
        }
        let packed = strings.get(v);
        if (packed === undefined) {
          hashString(v, out);
          packed = out[0]! * 4294967296 + out[1]!;
          strings.set(v, packed);
        }
        visit(row, Math.floor(packed / 4294967296), packed % 4294967296);
      };
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v === null || v === undefined || (mask && mask[i] !== 1)) continue;
        if (elements && Array.isArray(v)) {
          for (const e of v) if (e !== null && e !== undefined) emit(i, e);
        } else {
          emit(i, v);
        }
      }
    }
  }
}
