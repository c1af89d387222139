import { type StringBytesColumn, type StringColumn, decodeStringBlockBytes, encodeFrame, decodeFrameHeader } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { sortedDictionary, stringPiecesOf } from '../src/sorted-dictionary.ts';
import { stringBytesOf } from '../src/string-bytes.ts';
import { DistinctEntries } from '../src/distinct-entries.ts';
import { EncodeScratch } from '../src/encode-scratch.ts';
import { rng } from '../../../test/support/random.ts';

/** The plain reference: the distinct values some row uses, in JavaScript code-unit order (Druid's). */
function reference(pieces: readonly StringColumn[]): string[] {
  const used = new Set<string>();
  for (const { dictionary, ids } of pieces) for (const id of ids) if (id >= 0) used.add(dictionary[id]!);
  return [...used].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The frame-file form of a piece: encoded into a frame and its STRING block read back as bytes. */
function fromFrame(piece: StringColumn): StringBytesColumn {
  const numRows = piece.ids.length;
  const bytes = encodeFrame({ signature: [{ name: 's', type: 'STRING' }], numRows, columns: [piece] });
  return decodeStringBlockBytes(bytes, decodeFrameHeader(bytes).columnsAt, numRows);
}

/** Checks the dictionary of `pieces` against the reference: its values, and every row's id. */
function check(pieces: readonly StringColumn[], form: (p: StringColumn) => StringBytesColumn, scratch = new EncodeScratch(0)): void {
  const expected = reference(pieces);
  const numRows = pieces.reduce((n, p) => n + p.ids.length, 0);
  const d = sortedDictionary(stringPiecesOf(pieces.map(form)), numRows, scratch);
  const text = Buffer.from(d.bytes.buffer, d.bytes.byteOffset, d.bytes.byteLength);
  const values = Array.from(d.sorted, (e) => text.toString('utf8', d.starts[e]!, d.starts[e + 1]!));
  expect(values).toEqual(expected);
  expect(d.size).toBe(expected.length);
  expect(d.ascii).toBe(expected.every((v) => /^[\x00-\x7f]*$/.test(v)));
  const rows = pieces.flatMap(({ dictionary, ids }) => Array.from(ids, (id) => (id < 0 ? null : dictionary[id]!)));
  expect(Array.from(d.ids.subarray(0, numRows), (id) => (id < 0 ? null : values[id]!))).toEqual(rows);
  expect(d.hasNulls).toBe(rows.includes(null));
}

const UNITS = ['a', 'b', 'ab', '', ' ', '\u0000', '\u007f', '\u0080', 'é', '日', '\ue000', '\uffff', '😀', '𝄞', 'aaaaaaa', 'aaaaaab'];

/** Random pieces over a small alphabet, with nulls, unused entries and values repeated across pieces. */
function randomPieces(random: () => number, units: readonly string[], count: number, rows: number): StringColumn[] {
  const pieces: StringColumn[] = [];
  for (let p = 0; p < count; p++) {
    const distinct = new Set<string>();
    const size = 1 + Math.floor(random() * 40);
    for (let i = 0; i < size; i++) {
      let s = '';
      const n = Math.floor(random() * 6);
      for (let k = 0; k < n; k++) s += units[Math.floor(random() * units.length)]!;
      distinct.add(s);
    }
    const dictionary = [...distinct];
    const ids = Int32Array.from({ length: rows }, () => (random() < 0.1 ? -1 : Math.floor(random() * dictionary.length * 1.2) % dictionary.length));
    pieces.push({ kind: 'string', dictionary, ids });
  }
  return pieces;
}

const piece = (dictionary: string[], ids: number[]): StringColumn => ({ kind: 'string', dictionary, ids: Int32Array.from(ids) });

describe('sortedDictionary', () => {
  for (const [name, form] of [
    ['strings in memory', (p: StringColumn) => stringBytesOf(p, p.ids.length)],
    ['UTF-8 blocks of frames', fromFrame],
  ] as const) {
    it(`agrees with a code-unit sort of the used values on random strings: ${name}`, () => {
      const random = rng(7);
      // One scratch for all cases: work arrays left from a larger case must not leak into the next.
      const scratch = new EncodeScratch(0);
      for (let round = 0; round < 40; round++) {
        const units = round % 2 === 0 ? UNITS.slice(0, 5) : UNITS;
        check(randomPieces(random, units, 1 + (round % 7), 50), form, scratch);
      }
    });

    it(`handles adversarial cases: ${name}`, () => {
      // Shared prefixes longer than a radix pass, values that are prefixes of others, empty strings.
      const long = 'x'.repeat(30);
      check([piece([long + 'b', long, long + 'a', '', long + 'ab', 'x'], [0, 1, 2, 3, 4, 5])], form);
      // Already ascending across pieces (no hash, no sort), and not strictly (a repeat at a boundary).
      check([piece(['a', 'b'], [0, 1]), piece(['c', 'd'], [0, 1])], form);
      check([piece(['a', 'b'], [0, 1]), piece(['b', 'c'], [0, 1])], form);
      // UTF-8 byte order differs from code-unit order: U+FFFF sorts after U+1F600 as bytes, before it as code units.
      check([piece(['\uffff', '😀', '\ue000', 'z', '𝄞'], [0, 1, 2, 3, 4])], form);
      // ... also when the entries arrive ascending as bytes (no sort would be needed for bytes).
      check([piece(['\uffff', '😀'], [0, 1])], form);
      check([piece(['a', '\uffff'], [0, 1]), piece(['😀'], [0])], form);
      // Every lead byte of a supplementary character (F0 to F4), each alone among BMP values.
      for (const supplementary of ['\u{10000}', '\u{40000}', '\u{80000}', '\u{C0000}', '\u{100000}']) check([piece(['\uffff', supplementary, 'é'], [0, 1, 2])], form);
      // Many sort groups larger than insertion sort takes, with only the last byte differing.
      const many = Array.from({ length: 500 }, (_, i) => `${long}${String.fromCharCode(33 + (i % 90))}${i}`).reverse();
      check([piece(many, many.map((_, i) => i)), piece(many.slice(100), [0, 5, 7])], form);
      // Thousands of entries with shared prefixes, and values that differ only by trailing "\0"s.
      const random = rng(11);
      const large = new Set(['a', 'a\u0000', 'a\u0000\u0000', '', long]);
      while (large.size < 6000) large.add(['/* ', 'Reverted ', 'x', 'é'][Math.floor(random() * 4)]! + Math.floor(random() * 1e6).toString(36));
      const values = [...large];
      check([piece(values, values.map((_, i) => i)), piece(values.slice(0, 3000).reverse(), [0, 1, 2999])], form);
      // Ascending for thousands of entries, then a value met before: the hash table starts from every entry so far.
      const ascending = Array.from({ length: 3000 }, (_, i) => `v${String(i).padStart(5, '0')}`);
      check([piece(ascending, ascending.map((_, i) => i)), piece(['v00010', 'zzz', 'v02999', 'a'], [0, 1, 2, 3, 0])], form);
      // Only nulls, unused entries, and no rows.
      check([piece(['a', 'b'], [-1, -1]), piece(['z'], [])], form);
    });

    it(`places the stragglers of nearly ascending values, and hashes every entry when values do not ascend: ${name}`, () => {
      const random = rng(5);
      for (const [jitter, order] of [
        [3, 'nearlyAscending'],
        [1e6, 'hashed'],
      ] as const) {
        // ISO-like timestamps written a little out of order, cut into pieces, each piece's dictionary in arrival order.
        const stamps = Array.from({ length: 4000 }, (_, i) => `2015-09-12T${String(i + Math.floor(random() * jitter)).padStart(7, '0')}Z`);
        const pieces: StringColumn[] = [];
        for (let at = 0; at < stamps.length; at += 500) {
          const values = stamps.slice(at, at + 500);
          const dictionary = [...new Set(values)];
          // Repeats: a value of the piece before (a straggler or a main-run entry), and one of this piece again.
          if (at > 0) dictionary.push(stamps[at - 1 - Math.floor(random() * 20)]!);
          pieces.push(piece(dictionary, [...dictionary.map((_, i) => i), 0, dictionary.length - 1]));
        }
        check(pieces, form);
        const entries = new DistinctEntries(stamps.length * 32, stamps.length * 2);
        const encoder = new TextEncoder();
        for (const p of pieces) for (const v of p.dictionary) {
          const bytes = encoder.encode(v);
          entries.add(bytes, 0, bytes.length);
        }
        expect(entries.order).toBe(order);
      }
      // Stragglers of one place, sorted among themselves; one equal to a main-run entry; one before every entry.
      check([piece(['b', 'd', 'f', 'cc', 'c', 'cb', 'd', 'a', 'ca', 'cc'], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])], form);
    });
  }

  it('sorts a column of more than 65,536 distinct values (radix passes by 16-bit digits) with long shared prefixes', () => {
    const random = rng(9);
    const distinct = new Set<string>();
    // Values of 4 to 20 bytes over a small alphabet after a shared prefix: groups of equal keys
    // recurse past the first 7 bytes, and the first pass sorts 90k values at once.
    while (distinct.size < 90_000) {
      let s = random() < 0.5 ? 'Revision of ' : '';
      const n = 4 + Math.floor(random() * 17);
      for (let k = 0; k < n; k++) s += 'abcdé'[Math.floor(random() * 5)];
      distinct.add(s);
    }
    const values = [...distinct];
    const pieces = [0, 1, 2].map((p) => piece(values.slice(p * 30_000, (p + 1) * 30_000), Array.from({ length: 30_000 }, (_, i) => (i * 7919) % 30_000)));
    check(pieces, (p) => stringBytesOf(p, p.ids.length));
  });

  it('throws on an id outside its dictionary', () => {
    expect(() => sortedDictionary(stringPiecesOf([stringBytesOf(piece(['a'], [1]), 1)]), 1)).toThrow(/outside its dictionary/);
    expect(() => sortedDictionary(stringPiecesOf([stringBytesOf(piece(['a'], [0, 0]), 2)]), 3)).toThrow(/hold 2 rows, not 3/);
    expect(() => sortedDictionary(stringPiecesOf([stringBytesOf(piece(['a'], [0, 0]), 2)]), 1)).toThrow(/more than 1 rows/);
    expect(() => sortedDictionary({ pieces: [stringBytesOf(piece(['abc'], [0]), 1)], maxBytes: 2 }, 1)).toThrow(/exceed the 2 bytes/);
  });
});
