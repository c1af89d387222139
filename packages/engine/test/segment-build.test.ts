import type { RowSignature } from '@silt/common';
import { frameFromRows } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { LARGE_SEGMENT_RUN_BYTES, costliestFirst, encodingCosts, segmentBuildParts, segmentColumns } from '../src/exec/segment-build.ts';

const WIKI: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'channel', type: 'STRING' },
  { name: 'page', type: 'STRING' },
  { name: 'added', type: 'LONG' },
  { name: 'deleted', type: 'LONG' },
  { name: 'attrs', type: 'COMPLEX<json>' },
];

describe('segment parts (columns encoded by several threads)', () => {
  it('costs string columns by their dictionary text, less when it already ascends, and JSON values more than numbers', () => {
    const sample = frameFromRows(WIKI, [
      [1, '#en', 'Cherry', 1, 2, { k: 1 }],
      [2, '#en', 'Apple', 3, 4, null],
      [3, '#fr', 'Date', 5, 6, [1]],
      [4, '#en', 'Banana', 7, 8, 'x'],
    ]);
    // channel's dictionary ['#en', '#fr'] ascends; page's does not.
    expect(encodingCosts(sample)).toEqual([4, 4 + 0.6 * 6, 4 + 1.5 * 21, 4, 4, 5 * 4]);
  });

  it('lists the columns for the parts to claim, the costliest first, equal costs in signature order', () => {
    // Wikipedia-like costs: two costly text columns, two medium ones, cheap numbers.
    const signature: RowSignature = ['__time', 'time', 'channel', 'comment', 'page', 'user', 'added'].map((name) => ({ name, type: name === '__time' || name === 'added' ? 'LONG' : 'STRING' }));
    expect(costliestFirst(signature, [2, 13, 1, 16, 7, 3, 1])).toEqual(['comment', 'time', 'page', 'user', '__time', 'channel', 'added']);
    expect(costliestFirst(WIKI.slice(0, 1), [1])).toEqual(['__time']);
  });
});

describe('how a segment build is split over the pool threads', () => {
  it('splits a large segment over every thread, whatever else is built at once', () => {
    expect(segmentBuildParts(LARGE_SEGMENT_RUN_BYTES, 2, 1)).toBe(2);
    expect(segmentBuildParts(LARGE_SEGMENT_RUN_BYTES, 2, 2)).toBe(2);
    expect(segmentBuildParts(600 << 20, 4, 5)).toBe(4);
  });

  it('shares the threads between small segments built at once, one part at least', () => {
    const small = LARGE_SEGMENT_RUN_BYTES - 1;
    expect(segmentBuildParts(small, 2, 1)).toBe(2);
    expect(segmentBuildParts(small, 2, 2)).toBe(1);
    expect(segmentBuildParts(small, 4, 2)).toBe(2);
    expect(segmentBuildParts(small, 1, 1)).toBe(1);
    expect(segmentBuildParts(0, 2, 3)).toBe(1);
  });
});

describe('segment columns', () => {
  it('writes __time, the dimensions and the metrics, in the frames\' order, and not hidden CLUSTERED BY columns', () => {
    const signature: RowSignature = ['__time', 'dim1', 'v0', 'm1'].map((name) => ({ name, type: name === 'dim1' || name === 'v0' ? 'STRING' : 'LONG' }));
    const meta = { interval: { start: 0, end: 1 }, dimensions: ['dim1'], metrics: ['m1'], rollup: false };
    expect(segmentColumns(signature, meta).map((c) => c.name)).toEqual(['__time', 'dim1', 'm1']);
  });
});
