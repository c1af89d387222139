import type { RowSignature } from '@silt/common';
import { type AggregateCall, type Expr, call, columnRef, evaluate, literal } from '@silt/expr';
import { type Frame, type FrameColumn, type NumericColumn, type StringColumn, frameFromRows, frameToRows, isDistinctDictionary, markLongValues } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { GroupByTable } from '../src/exec/group-by.ts';
import { partialsByEntry } from '../src/exec/partials-by-entry.ts';
import type { GroupBySpec } from '../src/query-definition.ts';
import { COUNT_STAR, aggregate, groupBySpec } from './support/group-by-spec.ts';

const SIGNATURE: RowSignature = [
  { name: 'k', type: 'STRING' },
  { name: 'v', type: 'LONG' },
  { name: 'd', type: 'DOUBLE' },
  { name: 'w', type: 'LONG' },
];
const k = columnRef('k', 'STRING');
const v = columnRef('v', 'LONG');
const d = columnRef('d', 'DOUBLE');
const w = columnRef('w', 'LONG');

/** A GROUP BY on `k` (or `keys`) with these aggregates, in first-seen group order when `unordered`. */
function specOf(calls: AggregateCall[], { unordered = false, keys = [k] }: { unordered?: boolean; keys?: Expr[] } = {}): GroupBySpec {
  return groupBySpec(keys, calls, unordered);
}

/** 64 rows over keys y, x, w and null; `v` has nulls (all of y's), `d` doubles with fractions and -0, `w` no nulls. */
function rows(): unknown[][] {
  return Array.from({ length: 64 }, (_, r) => {
    const key = r % 5 === 3 ? null : ['y', 'x', 'x', 'w'][r % 4]!;
    return [key, key === 'y' || r % 7 === 0 ? null : r * 3 - 50, r % 9 === 0 ? -0 : r / 8 - 2.75, r * 1_000_003];
  });
}

/** The same frame with the key's dictionary not marked distinct: the general path groups it by value. */
function unmarked(frame: Frame): Frame {
  const key = frame.columns[0] as StringColumn;
  return { ...frame, columns: [{ ...key, dictionary: [...key.dictionary] }, ...frame.columns.slice(1)] };
}

/** Final and partial rows of a table that aggregated `frames`. */
function grouped(spec: GroupBySpec, frames: Frame[]): { final: unknown[][]; partial: unknown[][] } {
  const table = new GroupByTable(spec);
  for (const f of frames) table.aggregate(f);
  const partialSignature: RowSignature = spec.signature.map((c) => ({ ...c }));
  return { final: frameToRows(table.finalFrame()), partial: frameToRows(table.partialFrame(partialSignature)) };
}

describe('partial aggregates by dictionary entry (one distinct STRING key, COUNT(*) and SUM)', () => {
  const frame = frameFromRows(SIGNATURE, rows());
  const SUMS = [COUNT_STAR, aggregate('SUM', [v], 'LONG'), aggregate('SUM', [d], 'DOUBLE'), aggregate('SUM', [w], 'LONG'), aggregate('SUM', [call('*', [w, literal(2, 'LONG')], 'LONG')], 'LONG')];

  it('applies to the frame of the test (a builder dictionary is distinct)', () => {
    expect(isDistinctDictionary((frame.columns[0] as StringColumn).dictionary)).toBe(true);
    expect(partialsByEntry(specOf(SUMS), [frame.columns[0]!], frame)).not.toBeNull();
  });

  for (const unordered of [false, true]) {
    it(`gives the groups, in the same order, and the states of the general path${unordered ? ' (unordered: groups in first-seen order)' : ''}`, () => {
      const spec = specOf(SUMS, { unordered });
      const fast = grouped(spec, [frame]);
      expect(fast).toEqual(grouped(spec, [unmarked(frame)]));
      // Nulls: y's sum of `v` is null, and the null key is a group.
      expect(fast.final.find((row) => row[0] === 'y')![2]).toBeNull();
      expect(fast.final.map((row) => row[0])).toContain(null);
    });
  }

  it('adds each sum in row order, and a LONG sum takes each value through toLong, as the SUM accumulator does', () => {
    const values = { DOUBLE: [0.1, 0.2, 0.3, 1e16, 1, -1e16, 0.7, 5e-324, -0, -2.5], LONG: [0.5, 1.7, -2.5, -0, 3, Number.NaN] };
    for (const type of ['DOUBLE', 'LONG'] as const) {
      const keyed = frameFromRows(SIGNATURE, Array.from({ length: 45 }, () => ['x', 0, 0, 0]));
      // Built by hand: a builder would make NaN a null.
      const column: FrameColumn = { kind: 'numeric', values: Float64Array.from({ length: 45 }, (_, r) => values[type][r % values[type].length]! * (r + 1)), nulls: null };
      const doubles: Frame = { ...keyed, columns: [keyed.columns[0]!, keyed.columns[1]!, column, keyed.columns[3]!] };
      const spec = specOf([aggregate('SUM', [d], type)]);
      expect(partialsByEntry(spec, [doubles.columns[0]!], doubles), type).not.toBeNull();
      expect(grouped(spec, [doubles]), type).toEqual(grouped(spec, [unmarked(doubles)]));
    }
  });

  it('adds a LONG sum over values marked as safe integers (a segment column) as they are, with the same result', () => {
    const wColumn = frame.columns[3] as NumericColumn;
    const marked: Frame = { ...frame, columns: [...frame.columns.slice(0, 3), { ...wColumn, values: markLongValues(wColumn.values.slice()) }] };
    const spec = specOf([COUNT_STAR, aggregate('SUM', [w], 'LONG'), aggregate('SUM', [v], 'LONG')]);
    expect(partialsByEntry(spec, [marked.columns[0]!], marked)).not.toBeNull();
    expect(grouped(spec, [marked])).toEqual(grouped(spec, [unmarked(frame)]));
  });

  it('counts and adds LONG sums over four lanes of rows, with the groups in the order rows first show them', () => {
    // 55 rows (13 rows of four lanes, and three more): `mid` first shows in lane 2 of row 30, `late`
    // only in the last row, past the lanes; the null key in row 5.
    const keyOf = (r: number) => (r === 54 ? 'late' : r === 5 ? null : r >= 30 && r % 3 === 0 ? 'mid' : ['a', 'b'][r % 2]!);
    const laned = frameFromRows(SIGNATURE, Array.from({ length: 55 }, (_, r) => [keyOf(r), r, r / 4, r * 7 - 100]));
    const wColumn = laned.columns[3] as NumericColumn;
    const marked: Frame = { ...laned, columns: [...laned.columns.slice(0, 3), { ...wColumn, values: markLongValues(wColumn.values.slice()) }] };
    for (const calls of [[COUNT_STAR], [COUNT_STAR, aggregate('SUM', [w], 'LONG')], [aggregate('SUM', [w], 'LONG'), COUNT_STAR, aggregate('SUM', [v], 'LONG')]]) {
      const spec = specOf(calls, { unordered: true });
      for (const f of [laned, marked]) {
        expect(partialsByEntry(spec, [f.columns[0]!], f)).not.toBeNull();
        const { final } = grouped(spec, [f]);
        expect(final).toEqual(grouped(spec, [unmarked(f)]).final);
        expect(final.map((row) => row[0])).toEqual(['a', 'b', null, 'mid', 'late']);
      }
    }
    const { final } = grouped(specOf([COUNT_STAR, aggregate('SUM', [w], 'LONG')]), [marked]);
    expect(final.find((row) => row[0] === 'late')).toEqual(['late', 1, 54 * 7 - 100]);
    expect(final.find((row) => row[0] === 'mid')).toEqual(['mid', 8, [30, 33, 36, 39, 42, 45, 48, 51].reduce((sum, r) => sum + r * 7 - 100, 0)]);
  });

  it('folds a later frame in by the general path, with the same result', () => {
    const spec = specOf(SUMS, { unordered: true });
    expect(grouped(spec, [frame, frame])).toEqual(grouped(spec, [unmarked(frame), unmarked(frame)]));
  });

  it('gives no groups for no rows, and one null group for rows whose keys are all null', () => {
    const spec = specOf(SUMS);
    expect(grouped(spec, [frameFromRows(SIGNATURE, [])]).final).toEqual([]);
    const nullKeys = frameFromRows(SIGNATURE, Array.from({ length: 8 }, (_, r) => [null, r, r / 2, 1]));
    expect(grouped(spec, [nullKeys]).final).toEqual([[null, 8, 28, 14, 8, 16]]);
  });

  it('does not apply to other shapes, which keep the general path', () => {
    const cases: [string, GroupBySpec, Frame][] = [
      ['a dictionary not known distinct', specOf(SUMS), unmarked(frame)],
      ['two keys', specOf(SUMS, { keys: [k, v] }), frame],
      ['COUNT of a column', specOf([aggregate('COUNT', [v], 'LONG')]), frame],
      ['COUNT DISTINCT', specOf([aggregate('COUNT', [v], 'LONG', { distinct: true })]), frame],
      ['a FILTER clause', specOf([aggregate('SUM', [v], 'LONG', { filter: call('>', [v, literal(0, 'LONG')], 'LONG') })]), frame],
      ['another aggregate', specOf([COUNT_STAR, aggregate('MIN', [v], 'LONG')]), frame],
      ['a SUM of strings', specOf([aggregate('SUM', [k], 'DOUBLE')]), frame],
      ['fewer than four rows per dictionary entry', specOf(SUMS), frameFromRows(SIGNATURE, rows().slice(0, 11))],
    ];
    for (const [name, spec, f] of cases) {
      expect(partialsByEntry(spec, spec.keys.map((key) => evaluate(key.expr, f)), f), name).toBeNull();
      expect(grouped(spec, [f]), name).toEqual(grouped(spec, [unmarked(f)]));
    }
  });

  it('leaves a LONG sum past the LONG range to the general path (combining would clamp it)', () => {
    const big = frameFromRows(SIGNATURE, Array.from({ length: 8 }, () => ['x', 2 ** 62, 0, 0]));
    const spec = specOf([COUNT_STAR, aggregate('SUM', [v], 'LONG')]);
    expect(partialsByEntry(spec, [big.columns[0]!], big)).toBeNull();
    expect(grouped(spec, [big]).final).toEqual([['x', 8, 2 ** 65]]);
  });
});
