import { FaultError, fault } from '@silt/common';
import { evaluatePredicate } from '@silt/expr';
import { type Frame, columnIndex, gatherColumn, valueAt } from '@silt/frame';
import type { JoinSpec } from '../query-definition.ts';

/**
 * Joins two frames on equal keys (SQL semantics: a NULL key matches nothing), then keeps the pairs
 * that pass the full ON condition; outer joins add the unmatched rows with nulls on the other side.
 * The right side is the build side.
 */
export function hashJoin(left: Frame, right: Frame, spec: JoinSpec): Frame {
  const leftIdx: number[] = [];
  const rightIdx: number[] = [];
  if (spec.joinType === 'CROSS' || spec.leftKeys.length === 0) {
    for (let l = 0; l < left.numRows; l++) for (let r = 0; r < right.numRows; r++) leftIdx.push(l), rightIdx.push(r);
  } else {
    const build = new Map<string, number[]>();
    const rk = keyReader(right, spec.rightKeys);
    for (let r = 0; r < right.numRows; r++) {
      const k = rk(r);
      if (k === null) continue;
      const list = build.get(k);
      if (list) list.push(r);
      else build.set(k, [r]);
    }
    const lk = keyReader(left, spec.leftKeys);
    for (let l = 0; l < left.numRows; l++) {
      const k = lk(l);
      const matches = k === null ? undefined : build.get(k);
      if (matches) for (const r of matches) leftIdx.push(l), rightIdx.push(r);
    }
  }
  let pairs = { l: leftIdx, r: rightIdx };
  if (spec.condition) {
    const candidate = combine(left, right, leftIdx, rightIdx, spec);
    const keep = evaluatePredicate(spec.condition, candidate);
    const l: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < keep.length; i++) if (keep[i] === 1) l.push(leftIdx[i]!), r.push(rightIdx[i]!);
    pairs = { l, r };
  }
  if (spec.joinType === 'LEFT' || spec.joinType === 'FULL') addUnmatched(pairs.l, pairs.r, left.numRows);
  if (spec.joinType === 'RIGHT' || spec.joinType === 'FULL') addUnmatched(pairs.r, pairs.l, right.numRows);
  return combine(left, right, pairs.l, pairs.r, spec);
}

/** Appends (row, -1) for every row of `side` that has no pair. */
function addUnmatched(side: number[], other: number[], rows: number): void {
  const matched = new Uint8Array(rows);
  for (const i of side) if (i >= 0) matched[i] = 1;
  for (let i = 0; i < rows; i++) if (!matched[i]) side.push(i), other.push(-1);
}

function combine(left: Frame, right: Frame, l: readonly number[], r: readonly number[], spec: JoinSpec): Frame {
  return {
    signature: spec.signature,
    numRows: l.length,
    columns: [...left.columns.map((c) => gatherColumn(c, l)), ...right.columns.map((c) => gatherColumn(c, r))],
  };
}

/** The join key of a row as a string (numbers and strings of equal value compare equal), or null. */
function keyReader(frame: Frame, keys: readonly string[]): (row: number) => string | null {
  const cols = keys.map((k) => {
    const i = columnIndex(frame, k);
    if (i < 0) throw new FaultError(fault('UnknownError', { message: `Join key [${k}] is not a column` }));
    return frame.columns[i]!;
  });
  return (row) => {
    let key = '';
    for (const c of cols) {
      const v = valueAt(c, row);
      if (v === null) return null;
      key += `${typeof v === 'object' ? JSON.stringify(v) : String(v)}\u0000`;
    }
    return key;
  };
}
