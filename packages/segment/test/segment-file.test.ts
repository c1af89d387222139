import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DruidError, parseInterval, type RowSignature } from '@silt/common';
import { type Frame, type FrameColumn, isDistinctDictionary, isLongValues, NumericColumnBuilder, ObjectColumnBuilder, StringColumnBuilder, valueAt } from '@silt/frame';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSegment, encodeSegment, SegmentFile, writeSegmentFile } from '../src/index.ts';
import { rng } from '../../../test/support/random.ts';

const SIGNATURE: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'page', type: 'STRING' },
  { name: 'user', type: 'STRING' },
  { name: 'tags', type: 'STRING' },
  { name: 'added', type: 'LONG' },
  { name: 'big', type: 'LONG' },
  { name: 'price', type: 'DOUBLE' },
  { name: 'ratio', type: 'FLOAT' },
  { name: 'attrs', type: 'COMPLEX<json>' },
];
const DIMENSIONS = ['page', 'user', 'tags'];
const METRICS = ['added', 'big', 'price', 'ratio', 'attrs'];
const INTERVAL = parseInterval('2015-09-12/2015-09-13');
const NUM_ROWS = 100_000;
const FRAMES = 4;
const PAGES = Array.from({ length: 40 }, (_, i) => `Wikipedia:Articles for deletion/${String.fromCharCode(90 - (i % 26))} ${i}`);

/** Frames of rows sorted by __time, each with its own first-seen string dictionaries. */
function makeFrames(): Frame[] {
  const random = rng(42);
  let time = INTERVAL.start;
  const frames: Frame[] = [];
  const perFrame = NUM_ROWS / FRAMES;
  for (let f = 0; f < FRAMES; f++) {
    const b = {
      time: new NumericColumnBuilder(perFrame),
      page: new StringColumnBuilder(perFrame),
      user: new StringColumnBuilder(perFrame),
      tags: new ObjectColumnBuilder(),
      added: new NumericColumnBuilder(perFrame),
      big: new NumericColumnBuilder(perFrame),
      price: new NumericColumnBuilder(perFrame),
      ratio: new NumericColumnBuilder(perFrame),
      attrs: new ObjectColumnBuilder(),
    };
    for (let r = 0; r < perFrame; r++) {
      time += Math.floor(random() * 1500);
      b.time.add(time);
      // Skewed: page 0 is dense (bitset index entries), the rest sparse.
      b.page.add(random() < 0.02 ? null : random() < 0.5 ? PAGES[0] : PAGES[Math.floor(random() * PAGES.length)]);
      b.user.add(random() < 0.1 ? null : `user-${Math.floor(random() * 30_000)}${random() < 0.05 ? '-ünïcødé-日本' : ''}`);
      const tagRoll = random();
      b.tags.add(tagRoll < 0.2 ? null : tagRoll < 0.6 ? `t${Math.floor(random() * 5)}` : [`t${Math.floor(random() * 5)}`, `t${5 + Math.floor(random() * 5)}`]);
      b.added.add(random() < 0.1 ? null : Math.floor(random() * 2000) - 1000);
      b.big.add(Math.floor((random() - 0.5) * 2 ** 52));
      b.price.add(random() < 0.05 ? null : random() * 1e6 - 5e5);
      b.ratio.add(Math.fround(random()));
      b.attrs.add(random() < 0.5 ? null : { k: Math.floor(random() * 10), s: ['a', 'b'] });
    }
    const columns = [b.time, b.page, b.user, b.tags, b.added, b.big, b.price, b.ratio, b.attrs].map((c) => c.build());
    frames.push({ signature: SIGNATURE, numRows: perFrame, columns });
  }
  return frames;
}

function columnValues(frames: readonly Frame[], index: number): unknown[] {
  const out: unknown[] = [];
  for (const f of frames) for (let r = 0; r < f.numRows; r++) out.push(valueAt(f.columns[index]!, r));
  return out;
}

function valuesOf(column: FrameColumn, numRows: number): unknown[] {
  return Array.from({ length: numRows }, (_, r) => valueAt(column, r));
}

const META = { interval: INTERVAL, dimensions: DIMENSIONS, metrics: METRICS, rollup: true };

describe('segment file round trip', () => {
  let dir: string;
  let path: string;
  let frames: Frame[];
  let segment: SegmentFile;
  let written: { size: number; numRows: number };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'silt-segment-'));
    path = join(dir, 'index.sseg');
    frames = makeFrames();
    written = await writeSegmentFile(path, frames, META);
    segment = await SegmentFile.open(path);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports size and rows, and reads back the header', async () => {
    expect(written.numRows).toBe(NUM_ROWS);
    expect(written.size).toBe((await readFile(path)).length);
    expect(segment.numRows).toBe(NUM_ROWS);
    expect(segment.signature).toEqual(SIGNATURE);
    expect(segment.interval).toEqual(INTERVAL);
    expect(segment.dimensions).toEqual(DIMENSIONS);
    expect(segment.metrics).toEqual(METRICS);
    expect(segment.rollup).toBe(true);
    expect(segment.columns.map((c) => c.encoding)).toEqual(['long', 'dictionary', 'dictionary', 'json', 'long', 'long', 'double', 'float', 'json']);
  });

  it('readColumns returns identical values for every column type', () => {
    const out = segment.readColumns(SIGNATURE.map((c) => c.name));
    expect(out.numRows).toBe(NUM_ROWS);
    expect(out.signature).toEqual(SIGNATURE);
    SIGNATURE.forEach((c, i) => {
      expect(valuesOf(out.columns[i]!, NUM_ROWS), c.name).toEqual(columnValues(frames, i));
    });
    expect(out.columns[1]!.kind).toBe('string');
    expect(out.columns[3]!.kind).toBe('object');
    // LONG blocks hold safe integers: their values are marked so (a LONG SUM skips the cast per value).
    const marked = out.columns.map((c) => c.kind === 'numeric' && isLongValues(c.values));
    expect(marked).toEqual([true, false, false, false, true, true, false, false, false]);
  });

  it('opened from its path reads only the blocks asked for, keeps what it decoded, and gives the same values', () => {
    const lazy = SegmentFile.openSync(path);
    expect(lazy.signature).toEqual(SIGNATURE);
    expect(lazy.retainedBytes()).toBe(0);
    const first = lazy.readColumns(['page', 'added']);
    const held = lazy.retainedBytes();
    expect(held).toBeGreaterThan(NUM_ROWS * 4);
    expect(lazy.readColumns(['added', 'page']).columns).toEqual([first.columns[1], first.columns[0]]);
    expect(lazy.retainedBytes()).toBe(held);
    const all = lazy.readColumns(SIGNATURE.map((c) => c.name));
    SIGNATURE.forEach((c, i) => expect(valuesOf(all.columns[i]!, NUM_ROWS), c.name).toEqual(columnValues(frames, i)));
    const page = first.columns[0]!;
    expect(page.kind === 'string' && isDistinctDictionary(page.dictionary)).toBe(true);
  });

  it('opened from a truncated file or a file that is no segment, says so', async () => {
    const whole = await readFile(path);
    const truncated = join(dir, 'truncated.sseg');
    await writeFile(truncated, whole.subarray(0, whole.length - 100));
    expect(() => SegmentFile.openSync(truncated)).toThrow(/Corrupt segment: column \[.+\] block past end of file/);
    const headerOnly = join(dir, 'header-only.sseg');
    await writeFile(headerOnly, whole.subarray(0, 20));
    expect(() => SegmentFile.openSync(headerOnly)).toThrow(/Corrupt segment: truncated header/);
    const notSegment = join(dir, 'not-a-segment.sseg');
    await writeFile(notSegment, 'hello');
    expect(() => SegmentFile.openSync(notSegment)).toThrow(/Not a segment file: too short/);
    await writeFile(notSegment, Buffer.alloc(64));
    expect(() => SegmentFile.openSync(notSegment)).toThrow(/Not a segment file: bad magic/);
  });

  it('decodes string columns over sorted dictionaries holding only used values', () => {
    const { columns } = segment.readColumns(['page', 'user']);
    for (const [i, col] of columns.entries()) {
      if (col.kind !== 'string') throw new Error('expected a string column');
      const sorted = [...col.dictionary].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect(col.dictionary).toEqual(sorted);
      expect(new Set(col.dictionary).size).toBe(col.dictionary.length);
      const used = new Set(columnValues(frames, i + 1).filter((v) => v !== null));
      expect(col.dictionary.length).toBe(used.size);
    }
  });

  it('returns only the asked columns, in the order asked', () => {
    const out = segment.readColumns(['price', '__time']);
    expect(out.signature.map((c) => c.name)).toEqual(['price', '__time']);
    expect(valuesOf(out.columns[1]!, 5)).toEqual(columnValues(frames, 0).slice(0, 5));
    expect(() => segment.readColumns(['nope'])).toThrow(DruidError);
  });

  it('does not decode columns that were not asked for', async () => {
    const bytes = new Uint8Array(await readFile(path));
    // Wreck every block of `user`: reading other columns must still work.
    for (const block of segment.column('user').blocks) bytes.fill(0xff, block.offset, block.offset + block.storedLength);
    const damaged = decodeSegment(bytes);
    expect(valuesOf(damaged.readColumns(['page']).columns[0]!, NUM_ROWS)).toEqual(columnValues(frames, 1));
    expect(damaged.rowsMatching('page', [PAGES[3]!]).length).toBeGreaterThan(0);
    expect(() => damaged.readColumns(['user'])).toThrow();
  });

  it('rowsMatching agrees with a linear scan', () => {
    const scan = (index: number, values: readonly string[]) => {
      const set = new Set(values);
      const rows: number[] = [];
      columnValues(frames, index).forEach((v, r) => {
        if (typeof v === 'string' ? set.has(v) : Array.isArray(v) && v.some((e) => set.has(e as string))) rows.push(r);
      });
      return rows;
    };
    const cases: [string, number, string[]][] = [
      ['page', 1, [PAGES[0]!]], // dense: bitset entry
      ['page', 1, [PAGES[7]!]], // sparse: row list
      ['page', 1, [PAGES[0]!, PAGES[7]!, PAGES[7]!, 'absent']],
      ['user', 2, ['user-17', 'user-29999', 'user-5-ünïcødé-日本']],
      ['tags', 3, ['t1', 't7']],
      ['page', 1, ['absent']],
    ];
    for (const [name, index, values] of cases) {
      const expected = scan(index, values);
      expect(Array.from(segment.rowsMatching(name, values)), `${name} ${values.join('|')}`).toEqual(expected);
    }
    expect(scan(1, [PAGES[0]!]).length).toBeGreaterThan(NUM_ROWS / 3);
    expect(() => segment.rowsMatching('added', ['1'])).toThrow(DruidError);
  });

  it('keeps __time min and max in the header', () => {
    const times = columnValues(frames, 0) as number[];
    expect(segment.timeRange()).toEqual({ min: times[0], max: times[times.length - 1] });
  });

  it('compresses a dictionary-heavy column far below its raw size', () => {
    const page = segment.column('page');
    const stored = page.blocks.reduce((n, b) => n + b.storedLength, 0);
    const rawUtf8 = columnValues(frames, 1).reduce<number>((n, v) => n + (typeof v === 'string' ? Buffer.byteLength(v) : 0), 0);
    expect(stored * 20).toBeLessThan(rawUtf8);
    expect(stored).toBeLessThan(NUM_ROWS * 4 * 0.35); // vs. plain i32 ids
    expect(page.blocks[1]!.rawLength).toBe(4 + NUM_ROWS); // 40 values: one byte per row id
    expect(page.blocks[1]!.codec).toBe('brotli');
    // __time deltas are small: about a byte or two per row before compression.
    expect(segment.column('__time').blocks[0]!.rawLength).toBeLessThan(NUM_ROWS * 2.1);
  });
});

describe('encodeSegment edge cases', () => {
  const sig: RowSignature = [
    { name: '__time', type: 'LONG' },
    { name: 'n', type: 'LONG' },
  ];
  const frame = (time: number[], n: (number | null)[]): Frame => {
    const t = new NumericColumnBuilder();
    const v = new NumericColumnBuilder();
    time.forEach((x) => t.add(x));
    n.forEach((x) => v.add(x));
    return { signature: sig, numRows: time.length, columns: [t.build(), v.build()] };
  };
  const meta = { interval: INTERVAL, dimensions: [], metrics: ['n'], rollup: false };

  it('falls back to f64 for LONG values that are not safe integers', () => {
    const segment = decodeSegment(encodeSegment([frame([1, 2, 3], [1.5, null, 2 ** 60])], meta));
    expect(segment.column('n').encoding).toBe('double');
    const n = segment.readColumns(['n']).columns[0]!;
    expect(valuesOf(n, 3)).toEqual([1.5, null, 2 ** 60]);
    expect(n.kind === 'numeric' && isLongValues(n.values)).toBe(false);
    expect(segment.rollup).toBe(false);
  });

  it('encodes an empty segment', () => {
    const segment = decodeSegment(encodeSegment([frame([], [])], meta));
    expect(segment.numRows).toBe(0);
    expect(segment.readColumns(['__time', 'n']).numRows).toBe(0);
    expect(segment.timeRange().min).toBeNaN();
  });

  it('rejects frames that do not form a segment', () => {
    expect(() => encodeSegment([], meta)).toThrow(DruidError);
    const other: Frame = { signature: [{ name: 'x', type: 'LONG' }], numRows: 0, columns: [{ kind: 'numeric', values: new Float64Array(0), nulls: null }] };
    expect(() => encodeSegment([other], meta)).toThrow(/__time/);
    expect(() => encodeSegment([frame([1], [1]), { ...other, signature: [{ name: '__time', type: 'LONG' }] }], meta)).toThrow(/same signature/);
    expect(() => encodeSegment([frame([1], [1])], { ...meta, dimensions: ['missing'] })).toThrow(/missing/);
  });

  it('rejects bytes that are not a segment', () => {
    expect(() => decodeSegment(new Uint8Array(64))).toThrow(/bad magic/);
  });
});
