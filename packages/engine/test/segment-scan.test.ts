import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowSignature } from '@silt/common';
import { type Expr, call, columnRef, literal } from '@silt/expr';
import { frameFromRows, frameToRows } from '@silt/frame';
import { writeSegmentFileSync } from '@silt/segment';
import { afterAll, describe, expect, it } from 'vitest';
import { applyOps } from '../src/exec/frame-ops.ts';
import { SegmentCache } from '../src/exec/segment-cache.ts';
import { readSegmentRows } from '../src/exec/segment-scan.ts';
import type { FrameOp } from '../src/query-definition.ts';

const SIGNATURE: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'channel', type: 'STRING' },
  { name: 'added', type: 'LONG' },
];
const HOUR = 3_600_000;
const DAY = { start: Date.UTC(2015, 8, 12), end: Date.UTC(2015, 8, 13) };
const ROWS = Array.from({ length: 40 }, (_, r) => [DAY.start + (r % 24) * HOUR, r % 7 === 0 ? null : ['#en', '#fr', '#de', 'en'][r % 4]!, r]);
const META = { interval: DAY, dimensions: ['channel'], metrics: ['added'], rollup: false };

const dir = mkdtempSync(join(tmpdir(), 'silt-segment-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeSegment(name: string, rows: unknown[][]): string {
  const path = join(dir, name);
  writeSegmentFileSync(path, [frameFromRows(SIGNATURE, rows)], null, META);
  return path;
}

const channel = columnRef('channel', 'STRING');
const text = (v: string) => literal(v, 'STRING');
const filter = (condition: Expr): FrameOp => ({ type: 'filter', condition });

describe('segment scans (bitmap-indexed filters, visible intervals, cached columns)', () => {
  const path = writeSegment('wiki.silt', ROWS);

  for (const [name, condition, opsLeft] of [
    ["channel = '#en'", call('=', [channel, text('#en')], 'LONG'), 0],
    ["'#fr' = channel", call('=', [text('#fr'), channel], 'LONG'), 0],
    ["channel IN ('#de', 'en', 'absent')", call('IN', [channel, text('#de'), text('en'), text('absent')], 'LONG'), 0],
    ["channel = 'absent'", call('=', [channel, text('absent')], 'LONG'), 0],
    ["channel = '#en' AND added > 10", call('AND', [call('>', [columnRef('added', 'LONG'), literal(10, 'LONG')], 'LONG'), call('=', [channel, text('#en')], 'LONG')], 'LONG'), 1],
    ['added > 10 (no index)', call('>', [columnRef('added', 'LONG'), literal(10, 'LONG')], 'LONG'), 1],
  ] as const) {
    it(`${name}: the same rows as the filter over every row`, () => {
      const ops = [filter(condition)];
      const scanned = readSegmentRows(path, SIGNATURE, [DAY], ops);
      const expected = frameToRows(applyOps(frameFromRows(SIGNATURE, ROWS), ops));
      expect(scanned.ops).toHaveLength(opsLeft);
      expect(scanned.visibleRows).toBe(ROWS.length);
      expect(frameToRows(applyOps(scanned.frame, scanned.ops))).toEqual(expected);
      if (opsLeft === 0) expect(scanned.frame.numRows).toBe(expected.length);
    });
  }

  it('keeps only the rows within the visible intervals, before and after an indexed filter', () => {
    const morning = { start: DAY.start, end: DAY.start + 6 * HOUR };
    const ops = [filter(call('=', [channel, text('#en')], 'LONG'))];
    const inMorning = ROWS.filter((r) => (r[0] as number) < morning.end);
    const scanned = readSegmentRows(path, SIGNATURE, [morning], ops);
    expect(scanned.visibleRows).toBe(inMorning.length);
    expect(frameToRows(scanned.frame)).toEqual(inMorning.filter((r) => r[1] === '#en'));
    expect(frameToRows(readSegmentRows(path, SIGNATURE, [morning], []).frame)).toEqual(inMorning);
  });

  it('reads a part of the rows: the rows of that range the whole read would give, counted from its start', () => {
    const morning = { start: DAY.start, end: DAY.start + 6 * HOUR };
    const en = [filter(call('=', [channel, text('#en')], 'LONG'))];
    for (const [start, end] of [
      [0, 40],
      [0, 13],
      [13, 29],
      [29, 40],
      [17, 17],
    ] as const) {
      const part = ROWS.slice(start, end);
      const range = `rows ${start}…${end}`;
      expect(frameToRows(readSegmentRows(path, SIGNATURE, [DAY], [], { start, end }).frame), range).toEqual(part);
      const indexed = readSegmentRows(path, SIGNATURE, [DAY], en, { start, end });
      expect(indexed.ops, range).toHaveLength(0);
      expect(frameToRows(indexed.frame), range).toEqual(part.filter((r) => r[1] === '#en'));
      const visible = readSegmentRows(path, SIGNATURE, [morning], en, { start, end });
      const inMorning = part.filter((r) => (r[0] as number) < morning.end);
      expect(visible.visibleRows, range).toBe(inMorning.length);
      expect(frameToRows(visible.frame), range).toEqual(inMorning.filter((r) => r[1] === '#en'));
    }
  });

  it('reads a column the segment lacks as nulls, and never answers a rewritten file from its cache', () => {
    const rewritten = writeSegment('rewritten.silt', ROWS);
    const withExtra: RowSignature = [...SIGNATURE, { name: 'missing', type: 'STRING' }];
    expect(frameToRows(readSegmentRows(rewritten, withExtra, [DAY], []).frame).map((r) => r[3])).toEqual(ROWS.map(() => null));
    writeSegment('rewritten.silt', ROWS.slice(0, 5).map((r) => [r[0], 'changed', r[2]]));
    expect(frameToRows(readSegmentRows(rewritten, SIGNATURE, [DAY], []).frame).map((r) => r[1])).toEqual(Array(5).fill('changed'));
  });

  it('keeps the most recently used segments within its budget, dropping the least recently used first', () => {
    const a = writeSegment('lru-a.silt', ROWS);
    const b = writeSegment('lru-b.silt', ROWS);
    const names = SIGNATURE.map((c) => c.name);
    const probe = new SegmentCache(Infinity);
    probe.open(a).readColumns(names);
    const one = probe.open(a).retainedBytes();
    // Room for one segment's decoded columns, not two.
    const cache = new SegmentCache(one + one / 2);
    const first = cache.open(a);
    first.readColumns(names);
    cache.open(b).readColumns(names);
    cache.trim();
    expect(cache.open(a)).not.toBe(first);
    // Opening a segment again makes it the most recently used: b goes, a stays.
    const kept = cache.open(a);
    kept.readColumns(names);
    const second = cache.open(b);
    second.readColumns(names);
    cache.open(a);
    cache.trim();
    expect(cache.open(a)).toBe(kept);
    expect(cache.open(b)).not.toBe(second);
  });
});
