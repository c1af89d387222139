import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DruidError, parseInterval, type RowSignature } from '@silt/common';
import { type Frame, type FrameColumn, concatFrames, frameFromRows, gatherFrame, sortPermutation, valueAt } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { assembleSegmentFileSync, decodeSegment, encodeSegment, encodeSegmentSorted, type SegmentFile, writeSegmentFileSync, writeSegmentPartSync } from '../src/index.ts';
import { rng } from '../../../test/support/random.ts';

const SIGNATURE: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'channel', type: 'STRING' },
  { name: 'comment', type: 'STRING' },
  { name: 'stamp', type: 'STRING' },
  { name: 'tags', type: 'STRING' },
  { name: 'added', type: 'LONG' },
  { name: 'big', type: 'LONG' },
  { name: 'huge', type: 'LONG' },
  { name: 'price', type: 'DOUBLE' },
  { name: 'ratio', type: 'FLOAT' },
  { name: 'attrs', type: 'COMPLEX<json>' },
];
const META = {
  interval: parseInterval('2015-09-12/2015-09-13'),
  dimensions: ['channel', 'comment', 'stamp', 'tags'],
  metrics: ['added', 'big', 'huge', 'price', 'ratio', 'attrs'],
  rollup: false,
};
const UNITS = ['a', 'b', ' ', 'é', '日', '\u0000', '\uffff', '\ue000', '😀'];

/** A value of mostly ASCII with shared prefixes, sometimes BMP or supplementary characters. */
function comment(random: () => number, unicode: boolean): string {
  let s = ['', 'Reverted edits by ', '/* ', 'Undid revision '][Math.floor(random() * 4)]!;
  const n = Math.floor(random() * 8);
  for (let i = 0; i < n; i++) s += UNITS[Math.floor(random() * (unicode && random() < 0.3 ? UNITS.length : 3))]!;
  return s;
}

/**
 * Runs as the shuffle hands them over: each with its own first-seen dictionaries (holding unused
 * entries too), overlapping values, some runs with multi-value `tags`, some empty.
 */
function makeRuns(seed: number, count: number, unicode: boolean): Frame[] {
  const random = rng(seed);
  const channels = Array.from({ length: 30 }, (_, i) => `#${String.fromCharCode(97 + (i % 26))}${i}.wikipedia`);
  const start = Date.UTC(2015, 8, 12);
  return Array.from({ length: count }, (_, run) => {
    const n = run % 7 === 3 ? 0 : 1 + Math.floor(random() * 300);
    const multi = run % 4 === 1;
    const rows = Array.from({ length: n }, (_, r) => {
      const time = start + Math.floor(random() * 86_400_000);
      return [
        time,
        random() < 0.05 ? null : channels[Math.floor(random() ** 2 * channels.length)]!,
        random() < 0.1 ? null : comment(random, unicode),
        new Date(time).toISOString(),
        multi && r % 3 === 0 ? ['x', `y${r % 4}`] : random() < 0.2 ? null : `t${Math.floor(random() * 5)}`,
        random() < 0.1 ? null : Math.floor(random() * 2000) - 1000,
        Math.floor((random() - 0.5) * 2 ** 52),
        random() < 0.5 ? 2 ** 53 - 1 : -(2 ** 52) - Math.floor(random() * 1000),
        random() < 0.05 ? null : random() * 1e6 - 5e5,
        Math.fround(random()),
        random() < 0.5 ? null : { k: Math.floor(random() * 10), s: ['a', 'b'] },
      ];
    });
    const frame = frameFromRows(SIGNATURE, rows);
    // Per-run dictionaries the rows do not all use, as runs split from a larger chunk have.
    const columns = frame.columns.map((c): FrameColumn => (c.kind === 'string' ? { ...c, dictionary: [...c.dictionary, `unused-${run}`, 'zzz'] } : c));
    return { ...frame, columns };
  });
}

function allValues(segment: SegmentFile): unknown[][] {
  const frame = segment.readColumns(SIGNATURE.map((c) => c.name));
  return frame.columns.map((c) => Array.from({ length: frame.numRows }, (_, r) => valueAt(c, r)));
}

function expectedValues(runs: readonly Frame[], order: Int32Array): unknown[][] {
  const all = concatFrames(SIGNATURE, runs);
  return all.columns.map((c) => Array.from(order, (r) => valueAt(c, r)));
}

/** About 1.5 s on an idle machine; generous, so a loaded machine does not fail it. */
const ENCODE_TEST_TIMEOUT_MS = 30_000;

describe('encodeSegmentSorted', () => {
  for (const [name, seed, count, unicode] of [
    ['many ASCII runs', 1, 60, false],
    ['unicode runs (supplementary characters sort by code unit)', 2, 25, true],
  ] as const) {
    it(`encodes runs through a row order exactly as the gathered frame: ${name}`, () => {
      const runs = makeRuns(seed, count, unicode);
      const all = concatFrames(SIGNATURE, runs);
      const order = sortPermutation(all, [{ column: 0 }, { column: 1 }]);
      const direct = encodeSegmentSorted(runs, order, META);
      const gathered = encodeSegment([gatherFrame(all, order)], META);
      expect(Buffer.from(direct).equals(Buffer.from(gathered))).toBe(true);

      const segment = decodeSegment(direct);
      expect(segment.numRows).toBe(all.numRows);
      const values = allValues(segment);
      const expected = expectedValues(runs, order);
      SIGNATURE.forEach((c, i) => expect(values[i], c.name).toEqual(expected[i]));
      expect(segment.columns.map((c) => c.encoding)).toEqual(['long', 'dictionary', 'dictionary', 'dictionary', 'json', 'long', 'long', 'double', 'double', 'float', 'json']);

      // Dictionaries hold the used values only, in JavaScript (UTF-16 code unit) order.
      for (const column of ['channel', 'comment', 'stamp']) {
        const index = SIGNATURE.findIndex((c) => c.name === column);
        const col = segment.readColumns([column]).columns[0]!;
        if (col.kind !== 'string') throw new Error(`${column} should decode as a string column`);
        const used = [...new Set(expected[index]!.filter((v): v is string => typeof v === 'string'))].sort();
        expect(col.dictionary, column).toEqual(used);
        // Every value's bitmap index entry is exactly its rows.
        for (const value of used.filter((_, i) => i % 7 === 0)) {
          const rows = expected[index]!.flatMap((v, r) => (v === value ? [r] : []));
          expect(Array.from(segment.rowsMatching(column, [value])), `${column} = ${JSON.stringify(value)}`).toEqual(rows);
        }
      }
    }, ENCODE_TEST_TIMEOUT_MS);
  }

  it('takes rows in any order, and identity order equals encodeSegment', () => {
    const runs = makeRuns(9, 12, true);
    const numRows = runs.reduce((n, f) => n + f.numRows, 0);
    const random = rng(4);
    const order = Int32Array.from({ length: numRows }, (_, i) => i);
    for (let i = numRows - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const segment = decodeSegment(encodeSegmentSorted(runs, order, META));
    const values = allValues(segment);
    const expected = expectedValues(runs, order);
    SIGNATURE.forEach((c, i) => expect(values[i], c.name).toEqual(expected[i]));
    const identity = Int32Array.from({ length: numRows }, (_, i) => i);
    expect(Buffer.from(encodeSegmentSorted(runs, identity, META)).equals(Buffer.from(encodeSegment(runs, META)))).toBe(true);
  });

  it('stores a column that follows the row order as small row-id deltas and a tiny index', () => {
    const runs = makeRuns(5, 40, false);
    const all = concatFrames(SIGNATURE, runs);
    const segment = decodeSegment(encodeSegmentSorted(runs, sortPermutation(all, [{ column: 0 }]), META));
    const stamp = segment.column('stamp');
    const channel = segment.column('channel');
    // Row ids of `stamp` (ISO time, sorted with __time) take about a byte a row before compression.
    expect(stamp.blocks[1]!.rawLength).toBeLessThan(all.numRows * 1.1 + 8);
    expect(stamp.blocks[2]!.rawLength).toBeLessThan(all.numRows * 2.2 + 4 * Math.ceil(all.numRows / 64) + 8);
    // 30 channels: one byte per row id.
    expect(channel.blocks[1]!.rawLength).toBe(4 + Math.ceil(all.numRows / 4) * 4);
  });

  it('rejects an order that is not a permutation of the rows', () => {
    const runs = makeRuns(6, 3, false);
    const numRows = runs.reduce((n, f) => n + f.numRows, 0);
    expect(() => encodeSegmentSorted(runs, new Int32Array(numRows - 1), META)).toThrow(/rows/);
    expect(() => encodeSegmentSorted(runs, new Int32Array(numRows), META)).toThrow(/permutation/);
  });
});

describe('LONG columns', () => {
  it('round-trip extreme values in the delta, plain and f64 forms', () => {
    const sig: RowSignature = [
      { name: '__time', type: 'LONG' },
      { name: 'delta', type: 'LONG' },
      { name: 'plain', type: 'LONG' },
      { name: 'wide', type: 'LONG' },
    ];
    const edges = [2 ** 52, -(2 ** 52), 0, 1, -1, 2 ** 35 - 1, 2 ** 35, -(2 ** 35), 2 ** 49, 127, 128, -64, -65];
    const rows = Array.from({ length: 400 }, (_, i) => [
      1_442_016_000_000 + i * 1000,
      i % 11 === 0 ? null : 2 ** 40 + i,
      i % 7 === 0 ? null : edges[i % edges.length]!,
      i % 2 === 0 ? 2 ** 53 - 1 : -(2 ** 53) + 1,
    ]);
    const meta = { interval: META.interval, dimensions: [], metrics: ['delta', 'plain', 'wide'], rollup: false };
    const segment = decodeSegment(encodeSegment([frameFromRows(sig, rows)], meta));
    expect(segment.columns.map((c) => c.encoding)).toEqual(['long', 'long', 'long', 'double']);
    const frame = segment.readColumns(sig.map((c) => c.name));
    sig.forEach((c, i) => expect(Array.from({ length: rows.length }, (_, r) => valueAt(frame.columns[i]!, r)), c.name).toEqual(rows.map((row) => row[i])));
  });
});

describe('writeSegmentFileSync', () => {
  it('writes the same bytes as encodeSegmentSorted, block by block, and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'silt-segment-sync-'));
    try {
      const runs = makeRuns(8, 20, true);
      const all = concatFrames(SIGNATURE, runs);
      const order = sortPermutation(all, [{ column: 0 }]);
      const path = join(dir, 'index.sseg');
      const written = writeSegmentFileSync(path, runs, order, META);
      const bytes = readFileSync(path);
      expect(written).toEqual({ size: bytes.length, numRows: all.numRows });
      expect(bytes.equals(Buffer.from(encodeSegmentSorted(runs, order, META)))).toBe(true);
      const plain = join(dir, 'plain.sseg');
      writeSegmentFileSync(plain, runs, null, META);
      expect(readFileSync(plain).equals(Buffer.from(encodeSegment(runs, META)))).toBe(true);
      expect(() => writeSegmentFileSync(join(dir, 'bad.sseg'), runs, null, { ...META, metrics: ['missing'] })).toThrow(DruidError);
      expect(readdirSync(dir).sort()).toEqual(['index.sseg', 'plain.sseg']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('segment parts (columns encoded by several threads, then assembled)', () => {
  it('assemble contiguous column groups into the same bytes as one pass, from frames holding only their columns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'silt-segment-parts-'));
    try {
      const runs = makeRuns(9, 20, true);
      const order = sortPermutation(concatFrames(SIGNATURE, runs), [{ column: 1 }, { column: 0 }]);
      const whole = join(dir, 'whole.sseg');
      writeSegmentFileSync(whole, runs, order, META);
      const names = SIGNATURE.map((c) => c.name);
      const groups = [names.slice(0, 3), names.slice(3, 4), names.slice(4)];
      // Each part reads only its columns, as a pool task does.
      const parts = groups.map((group, g) => {
        const only = runs.map((f) => ({ signature: f.signature.filter((c) => group.includes(c.name)), numRows: f.numRows, columns: f.columns.filter((_, i) => group.includes(f.signature[i]!.name)) }));
        return writeSegmentPartSync(join(dir, `part-${g}`), only, order, group);
      });
      const path = join(dir, 'assembled.sseg');
      const written = assembleSegmentFileSync(path, parts, SIGNATURE, META);
      expect(readFileSync(path).equals(readFileSync(whole))).toBe(true);
      expect(written).toEqual({ size: readFileSync(path).length, numRows: order.length });
      expect(readdirSync(dir).sort()).toEqual(['assembled.sseg', 'whole.sseg']);

      // An order given late (asked for by each column when a block first needs it) writes the same part.
      const eager = writeSegmentPartSync(join(dir, 'eager'), runs, order, names);
      let asked = 0;
      const late = writeSegmentPartSync(join(dir, 'late'), runs, () => (asked++, order), names);
      expect(readFileSync(join(dir, 'late')).equals(readFileSync(join(dir, 'eager')))).toBe(true);
      expect(late.columns).toEqual(eager.columns);
      expect(asked).toBe(names.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads back the same rows when the parts are not in signature order, and refuses parts that miss a column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'silt-segment-parts-'));
    try {
      const runs = makeRuns(10, 6, false);
      const names = SIGNATURE.map((c) => c.name);
      const parts = [names.slice(5), names.slice(0, 5)].map((group, g) => writeSegmentPartSync(join(dir, `part-${g}`), runs, null, group));
      const path = join(dir, 'shuffled.sseg');
      assembleSegmentFileSync(path, parts, SIGNATURE, META);
      const all = concatFrames(SIGNATURE, runs);
      const segment = decodeSegment(readFileSync(path));
      const frame = segment.readColumns(names);
      SIGNATURE.forEach((c, i) => expect(Array.from({ length: all.numRows }, (_, r) => valueAt(frame.columns[i]!, r)), c.name).toEqual(Array.from({ length: all.numRows }, (_, r) => valueAt(all.columns[i]!, r))));
      const partial = writeSegmentPartSync(join(dir, 'partial'), runs, null, names.slice(1));
      expect(() => assembleSegmentFileSync(join(dir, 'bad.sseg'), [partial], SIGNATURE, META)).toThrow(DruidError);
      // A column the rows lack is refused when asked for, after the columns before it: no part file is left.
      expect(() => writeSegmentPartSync(join(dir, 'unknown'), runs, null, [names[0]!, 'nope'])).toThrow(/Segment column \[nope\] is not in the frames' signature/);
      expect(existsSync(join(dir, 'unknown'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
