import type { FrameColumn } from './column.ts';
import type { Frame } from './frame.ts';

/** One key column of a sort: the column's index in the frame and its direction. */
export interface SortKey {
  readonly column: number;
  readonly descending?: boolean;
}

/**
 * Row order of `frame` by `keys` (stable). Nulls sort first ascending and last descending, as in
 * Druid. Strings compare by UTF-16 code units, which matches Druid's UTF-8 byte order for the BMP.
 */
export function sortPermutation(frame: Frame, keys: readonly SortKey[]): Int32Array {
  const n = frame.numRows;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  if (keys.length === 0 || n < 2) return perm;
  const compare = rowComparator(frame, keys);
  const arr = Array.from(perm);
  arr.sort((a, b) => compare(a, b) || a - b);
  perm.set(arr);
  return perm;
}

/** A comparator of two row indexes of `frame` by `keys` (0 when equal on every key). */
export function rowComparator(frame: Frame, keys: readonly SortKey[]): (a: number, b: number) => number {
  const comparators = keys.map((k) => columnComparator(frame.columns[k.column]!, k.descending === true));
  return (a, b) => {
    for (const cmp of comparators) {
      const c = cmp(a, b);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** Ranks of a string dictionary: rank[id] orders ids by their string value. */
export function dictionaryRanks(dictionary: readonly string[]): Int32Array {
  const order = dictionary.map((_, i) => i).sort((a, b) => compareStrings(dictionary[a]!, dictionary[b]!));
  const ranks = new Int32Array(dictionary.length);
  order.forEach((id, rank) => (ranks[id] = rank));
  return ranks;
}

/** Compares two strings as Druid does (lexicographic, code-unit order). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function columnComparator(column: FrameColumn, descending: boolean): (a: number, b: number) => number {
  const sign = descending ? -1 : 1;
  switch (column.kind) {
    case 'numeric': {
      const { values, nulls } = column;
      return (a, b) => {
        if (nulls) {
          const na = nulls[a] === 1;
          const nb = nulls[b] === 1;
          if (na || nb) return na === nb ? 0 : (na ? -1 : 1) * sign;
        }
        const x = values[a]!;
        const y = values[b]!;
        return (x < y ? -1 : x > y ? 1 : 0) * sign;
      };
    }
    case 'string': {
      const ranks = dictionaryRanks(column.dictionary);
      const { ids } = column;
      return (a, b) => {
        const ia = ids[a]!;
        const ib = ids[b]!;
        const ra = ia < 0 ? -1 : ranks[ia]!;
        const rb = ib < 0 ? -1 : ranks[ib]!;
        return (ra - rb) * sign;
      };
    }
    case 'object': {
      const { values } = column;
      return (a, b) => compareValues(values[a], values[b]) * sign;
    }
  }
}

/** Compares two plain values: null first, numbers numerically, everything else as strings. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return compareStrings(sa, sb);
}
