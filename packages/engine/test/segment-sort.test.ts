import type { RowSignature } from '@silt/common';
import { frameFromRows, sortPermutation } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { segmentSortPermutation } from '../src/exec/segment-sort.ts';
import { rng } from '../../../test/support/random.ts';

const SIGNATURE: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'channel', type: 'STRING' },
  { name: 'page', type: 'STRING' },
];

describe('segmentSortPermutation', () => {
  it('orders rows as a sort by __time, then each CLUSTERED BY column, rows of equal keys in input order', () => {
    const random = rng(11);
    const start = Date.UTC(2015, 8, 12);
    // Times a few milliseconds to days apart, so the packed key's high and low time bits both vary;
    // few channels and pages, so many keys tie and the rest of the order comes from later keys.
    const rows = Array.from({ length: 5000 }, () => [
      start + Math.floor(random() * 40) * (random() < 0.5 ? 1 : 86_400_000) + Math.floor(random() * 3) * 4096,
      random() < 0.1 ? null : `#c${Math.floor(random() * 7)}`,
      random() < 0.1 ? null : `p${Math.floor(random() * 5)}`,
    ]);
    const frame = frameFromRows(SIGNATURE, rows);
    const expected = sortPermutation(frame, [{ column: 0 }, { column: 1 }, { column: 2 }]);
    expect(Array.from(segmentSortPermutation(frame, ['__time', 'channel', 'page']))).toEqual(Array.from(expected));
    expect(Array.from(segmentSortPermutation(frame, ['__time']))).toEqual(Array.from(sortPermutation(frame, [{ column: 0 }])));
  });
});
