import type { RowSignature } from '@silt/common';
import { type AggregateCall, type Expr, call, columnRef, evaluate, literal } from '@silt/expr';
import { type Frame, type FrameColumn, frameFromRows, frameToRows, gatherFrame } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { GroupByTable } from '../src/exec/group-by.ts';
import { partialsByRun } from '../src/exec/partials-by-run.ts';
import type { GroupBySpec } from '../src/query-definition.ts';
import { COUNT_STAR, aggregate, groupBySpec } from './support/group-by-spec.ts';

const SIGNATURE: RowSignature = [
  { name: 'k', type: 'LONG' },
  { name: 'v', type: 'LONG' },
  { name: 'd', type: 'DOUBLE' },
  { name: 's', type: 'STRING' },
];
const k = columnRef('k', 'LONG');
const v = columnRef('v', 'LONG');
const d = columnRef('d', 'DOUBLE');
const s = columnRef('s', 'STRING');

const COUNT_AND_SUMS = [COUNT_STAR, aggregate('SUM', [v], 'LONG'), aggregate('SUM', [d], 'DOUBLE'), aggregate('SUM', [d], 'LONG'), aggregate('SUM', [call('*', [v, literal(3, 'LONG')], 'LONG')], 'LONG')];

/** A GROUP BY on `k` (or `keys`) with these aggregates, in first-seen group order when `unordered`. */
function specOf(calls: AggregateCall[], { unordered = false, keys = [k] }: { unordered?: boolean; keys?: Expr[] } = {}): GroupBySpec {
  return groupBySpec(keys, calls, unordered);
}

/** A frame whose key column is `keys` as given (a builder would make NaN a null), with values of every kind. */
function frameOf(keys: readonly (number | null)[]): Frame {
  const built = frameFromRows(
    SIGNATURE,
    keys.map((_, r) => [0, r % 6 === 0 ? null : r * 7 - 90, r % 5 === 0 ? -0 : (r % 9) * 0.35 - 1.2, `s${r % 3}`]),
  );
  const key: FrameColumn = { kind: 'numeric', values: Float64Array.from(keys, (x) => x ?? 0), nulls: keys.includes(null) ? Uint8Array.from(keys, (x) => (x === null ? 1 : 0)) : null };
  return { ...built, columns: [key, ...built.columns.slice(1)] };
}

/** Runs of 6 to 10 rows: a key seen again after others, null keys, -0 before 0, NaN, and time-like values. */
const KEYS: (number | null)[] = [
  ...Array<number>(8).fill(1442016000000),
  ...Array<number>(6).fill(7),
  ...Array<null>(7).fill(null),
  ...Array<number>(9).fill(1442016000000),
  ...Array<number>(6).fill(-0),
  ...Array<number>(8).fill(0),
  ...Array<number>(7).fill(Number.NaN),
  ...Array<number>(10).fill(-3),
  ...Array<null>(6).fill(null),
];

/** Final and partial rows of a table that aggregated `frames`. */
function grouped(spec: GroupBySpec, frames: Frame[]): { final: unknown[][]; partial: unknown[][] } {
  const table = new GroupByTable(spec);
  for (const f of frames) table.aggregate(f);
  return { final: frameToRows(table.finalFrame()), partial: frameToRows(table.partialFrame(spec.signature)) };
}

/** The general path's result: one row per frame (a row is too short for runs, and later frames fold into a table with groups). */
function rowByRow(spec: GroupBySpec, frame: Frame): { final: unknown[][]; partial: unknown[][] } {
  return grouped(spec, Array.from({ length: frame.numRows }, (_, r) => gatherFrame(frame, [r])));
}

describe('partial aggregates by run of equal numeric keys (one numeric key, COUNT(*) and SUM)', () => {
  const frame = frameOf(KEYS);

  for (const unordered of [false, true]) {
    it(`gives the groups, in the same order, and the states of the general path${unordered ? ' (unordered: groups in first-seen order)' : ''}`, () => {
      const spec = specOf(COUNT_AND_SUMS, { unordered });
      expect(partialsByRun(spec, [frame.columns[0]!], frame)).not.toBeNull();
      const fast = grouped(spec, [frame]);
      expect(fast).toEqual(rowByRow(spec, frame));
      // 1442016000000 seen twice, -0 and 0 one group keyed -0 (its first value), nulls one group,
      // NaN one group (a key column writes it as null, on either path).
      expect(fast.final.map((row) => row[0])).toEqual(unordered ? [1442016000000, 7, null, -0, null, -3] : [null, null, -3, -0, 7, 1442016000000]);
      expect(fast.final[0]).toEqual(unordered ? [1442016000000, 17, ...fast.final[0]!.slice(2)] : [null, 13, ...fast.final[0]!.slice(2)]);
    });
  }

  it('folds a later frame in by the general path, with the same result', () => {
    const spec = specOf(COUNT_AND_SUMS, { unordered: true });
    expect(grouped(spec, [frame, frame])).toEqual(grouped(spec, [...Array.from({ length: frame.numRows }, (_, r) => gatherFrame(frame, [r])), frame]));
  });

  it('gives one null group for a frame whose keys are all null, and a null sum for a group with no values', () => {
    const nulls = frameOf(Array<null>(12).fill(null));
    const spec = specOf(COUNT_AND_SUMS);
    expect(grouped(spec, [nulls])).toEqual(rowByRow(spec, nulls));
    const noValues = { ...frame, columns: [frame.columns[0]!, { kind: 'numeric', values: new Float64Array(frame.numRows), nulls: new Uint8Array(frame.numRows).fill(1) } as FrameColumn, ...frame.columns.slice(2)] };
    const sums = grouped(specOf([aggregate('SUM', [v], 'LONG')]), [noValues]).final;
    expect(sums.every((row) => row[1] === null)).toBe(true);
  });

  it('does not apply to other shapes, which keep the general path', () => {
    const alternating = frameOf(Array.from({ length: 40 }, (_, r) => r % 3));
    const cases: [string, GroupBySpec, Frame][] = [
      ['runs shorter than four rows on average', specOf(COUNT_AND_SUMS), alternating],
      ['a STRING key', specOf(COUNT_AND_SUMS, { keys: [s] }), frame],
      ['two keys', specOf(COUNT_AND_SUMS, { keys: [k, v] }), frame],
      ['another aggregate', specOf([COUNT_STAR, aggregate('MAX', [v], 'LONG')]), frame],
      ['a FILTER clause', specOf([aggregate('COUNT', [], 'LONG', { filter: call('>', [v, literal(0, 'LONG')], 'LONG') })]), frame],
    ];
    for (const [name, spec, f] of cases) {
      expect(partialsByRun(spec, spec.keys.map((key) => evaluate(key.expr, f)), f), name).toBeNull();
      expect(grouped(spec, [f]), name).toEqual(rowByRow(spec, f));
    }
  });

  it('leaves a LONG sum past the LONG range to the general path (combining would clamp it)', () => {
    const big: Frame = { ...frame, columns: [frame.columns[0]!, { kind: 'numeric', values: new Float64Array(frame.numRows).fill(2 ** 62), nulls: null }, ...frame.columns.slice(2)] };
    const spec = specOf([COUNT_STAR, aggregate('SUM', [v], 'LONG')]);
    expect(partialsByRun(spec, [big.columns[0]!], big)).toBeNull();
    expect(grouped(spec, [big])).toEqual(rowByRow(spec, big));
  });
});
