import type { RowSignature } from '@silt/common';
import { describe, expect, it } from 'vitest';
import {
  type Frame,
  type SortKey,
  type StringColumn,
  compareValues,
  concatFrames,
  dictionaryRanks,
  frameFromRows,
  frameToRows,
  mergeDictionaries,
  selectColumns,
  sortPermutation,
  sortStringIndexes,
  valueAt,
} from '../src/index.ts';
import { rng } from '../../../test/support/random.ts';

const ALPHABET = ['a', 'b', 'z', 'A', ' ', '\u0000', 'é', 'ÿ', 'Ā', '日', '\uffff', '\ue000', '😀', '🙂'];

/** Random strings with shared prefixes, unicode (BMP and supplementary), NUL and empty values. */
function randomStrings(random: () => number, count: number, prefixes: readonly string[]): string[] {
  return Array.from({ length: count }, () => {
    let s = prefixes[Math.floor(random() * prefixes.length)]!;
    const n = Math.floor(random() * 9);
    for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(random() * (random() < 0.7 ? 3 : ALPHABET.length))]!;
    return s;
  });
}

const PREFIXES = ['', 'Wikipedia:Articles for deletion/', '2015-09-12T00:', 'ab', 'Ā日'];

/** Reference order: a stable comparator sort on plain values (nulls first ascending). */
function referenceOrder(frame: Frame, keys: readonly SortKey[]): number[] {
  const rows = Array.from({ length: frame.numRows }, (_, r) => r);
  return rows.sort((a, b) => {
    for (const k of keys) {
      const col = frame.columns[k.column]!;
      const c = compareValues(valueAt(col, a), valueAt(col, b)) * (k.descending ? -1 : 1);
      if (c !== 0) return c;
    }
    return a - b;
  });
}

describe('sortPermutation without a comparator', () => {
  const signature: RowSignature = [
    { name: 'n', type: 'DOUBLE' },
    { name: 's', type: 'STRING' },
    { name: 'l', type: 'LONG' },
  ];
  const random = rng(7);
  const words = randomStrings(random, 40, PREFIXES);
  const special = [0, -0, 1.5, -1.5, 2 ** 60, -(2 ** 60), Infinity, -Infinity, 1e-300, -1e-300];
  const rows = Array.from({ length: 3000 }, () => [
    random() < 0.1 ? null : random() < 0.3 ? special[Math.floor(random() * special.length)]! : (random() - 0.5) * 1e6,
    random() < 0.1 ? null : words[Math.floor(random() * words.length)]!,
    random() < 0.05 ? null : 1442016000000 + Math.floor(random() * 50) * 1000,
  ]);
  const frame = frameFromRows(signature, rows);

  const cases: [string, SortKey[]][] = [
    ['number ascending', [{ column: 0 }]],
    ['number descending', [{ column: 0, descending: true }]],
    ['string ascending', [{ column: 1 }]],
    ['string descending', [{ column: 1, descending: true }]],
    ['long then string', [{ column: 2 }, { column: 1 }]],
    ['string desc then long then number', [{ column: 1, descending: true }, { column: 2 }, { column: 0, descending: true }]],
  ];
  for (const [name, keys] of cases) {
    it(`matches a stable comparator sort: ${name}`, () => {
      expect(Array.from(sortPermutation(frame, keys))).toEqual(referenceOrder(frame, keys));
    });
  }

  it('sorts frames too large for 8-bit digits, and long runs of equal keys stably', () => {
    const big = frameFromRows(
      [{ name: 't', type: 'LONG' }],
      Array.from({ length: 70_000 }, (_, i) => [i % 7 === 0 ? null : Math.floor(i / 3) % 1000]),
    );
    expect(Array.from(sortPermutation(big, [{ column: 0 }]))).toEqual(referenceOrder(big, [{ column: 0 }]));
  });
});

describe('sortStringIndexes', () => {
  it('orders indexes like the JavaScript string sort and flags repeats', () => {
    const random = rng(11);
    const values = randomStrings(random, 5000, PREFIXES);
    values.push(...values.slice(0, 300)); // repeats
    const order = Int32Array.from(values.keys());
    const repeats = sortStringIndexes(values, order);
    const sorted = Array.from(order, (i) => values[i]!);
    expect(sorted).toEqual([...values].sort());
    sorted.forEach((v, i) => expect(repeats[i], `position ${i}`).toBe(i > 0 && sorted[i - 1] === v ? 1 : 0));
  });
});

describe('mergeDictionaries', () => {
  it('merges overlapping dictionaries into distinct values, writing merged ids', () => {
    const random = rng(3);
    const pool = randomStrings(random, 300, PREFIXES);
    const shared = Array.from({ length: 50 }, () => pool[Math.floor(random() * pool.length)]!);
    const parts = Array.from({ length: 30 }, (_, p) => {
      const dictionary = p % 3 === 0 ? shared : Array.from({ length: 1 + Math.floor(random() * 60) }, () => pool[Math.floor(random() * pool.length)]!);
      const ids = Int32Array.from({ length: Math.floor(random() * 80) }, () => (random() < 0.1 ? -1 : Math.floor(random() * dictionary.length)));
      return { dictionary, ids };
    });
    const out = new Int32Array(parts.reduce((n, p) => n + p.ids.length, 0));
    const { dictionary, remaps } = mergeDictionaries(parts, out);
    expect(new Set(dictionary)).toEqual(new Set(parts.flatMap((p) => p.dictionary)));
    expect(new Set(dictionary).size).toBe(dictionary.length);
    let at = 0;
    parts.forEach((p, i) => {
      p.dictionary.forEach((v, local) => expect(dictionary[remaps[i]![local]!]).toBe(v));
      for (const id of p.ids) expect(out[at++]).toBe(id < 0 ? -1 : remaps[i]![id]);
    });
    // Pieces sharing a dictionary array share one remap.
    expect(remaps[3]).toBe(remaps[0]);
  });

  it('rejects ids outside their dictionary', () => {
    expect(() => mergeDictionaries([{ dictionary: ['a'], ids: Int32Array.of(0, 1) }], new Int32Array(2))).toThrow(/outside/);
  });

  it('ranks unsorted dictionaries and recognises sorted ones', () => {
    expect(Array.from(dictionaryRanks(['b', 'a', 'c', 'ab']))).toEqual([2, 0, 3, 1]);
    expect(Array.from(dictionaryRanks(['a', 'b', 'c']))).toEqual([0, 1, 2]);
  });
});

describe('concatFrames and selectColumns', () => {
  const signature: RowSignature = [
    { name: '__time', type: 'LONG' },
    { name: 'page', type: 'STRING' },
    { name: 'added', type: 'DOUBLE' },
  ];
  it('concatenates many runs with overlapping dictionaries, keeping every row', () => {
    const random = rng(5);
    const pool = randomStrings(random, 50, PREFIXES);
    const frames = Array.from({ length: 25 }, (_, f) =>
      frameFromRows(
        signature,
        Array.from({ length: f % 5 === 0 ? 0 : 40 }, (_, r) => [f * 100 + r, random() < 0.1 ? null : pool[Math.floor(random() * pool.length)]!, random() < 0.1 ? null : r]),
      ),
    );
    const all = concatFrames(signature, frames);
    expect(frameToRows(all)).toEqual(frames.flatMap((f) => frameToRows(f)));
    const { dictionary } = all.columns[1] as StringColumn;
    expect(new Set(dictionary).size).toBe(dictionary.length);
  });

  it('selects columns by name, without copying, skipping unknown names', () => {
    const frame = frameFromRows(signature, [[1, 'a', 2]]);
    const picked = selectColumns(frame, ['page', 'nope', '__time']);
    expect(picked.signature.map((c) => c.name)).toEqual(['page', '__time']);
    expect(picked.columns[0]).toBe(frame.columns[1]);
    expect(frameToRows(picked)).toEqual([['a', 1]]);
  });
});
