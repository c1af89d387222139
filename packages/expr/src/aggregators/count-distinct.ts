import type { ColumnType } from '@silt/common';
import type { FrameColumn } from '@silt/frame';
import { columnReader } from '../column-writer.ts';
import type { Accumulator, AggregatorFactory } from './accumulator.ts';

/**
 * Exact COUNT(DISTINCT x): NULLs are not counted; each value of a multi-value string row (`x` typed
 * STRING holding an array) counts separately, as in Druid. The intermediate is an object column (type
 * COMPLEX<json>) holding each group's distinct values as a JSON array.
 */
export function countDistinctFactory(argType: ColumnType): AggregatorFactory {
  return { intermediateTypes: ['COMPLEX<json>'], finalType: 'LONG', create: () => new CountDistinctAccumulator(argType === 'STRING') };
}

/** Numbers and strings are kept as they are; other values (arrays, JSON) by their JSON text. */
function key(value: unknown): string | number {
  return typeof value === 'number' || typeof value === 'string' ? value : JSON.stringify(value);
}

class CountDistinctAccumulator implements Accumulator {
  private readonly sets: (Set<string | number> | undefined)[] = [];
  private size = 0;
  constructor(private readonly elements: boolean) {}

  private add(g: number, value: string | number): void {
    let set = this.sets[g];
    if (!set) {
      set = new Set();
      this.sets[g] = set;
    }
    set.add(value);
  }

  aggregate(groupIds: Int32Array, numGroups: number, args: readonly FrameColumn[], mask: Uint8Array | null): void {
    this.size = Math.max(this.size, numGroups);
    const read = columnReader(args[0]!);
    for (let i = 0; i < groupIds.length; i++) {
      if (mask && mask[i] !== 1) continue;
      const v = read(i);
      if (this.elements && Array.isArray(v)) {
        for (const e of v) if (e !== null && e !== undefined) this.add(groupIds[i]!, key(e));
      } else if (v !== null) this.add(groupIds[i]!, key(v));
    }
  }

  combine(groupIds: Int32Array, numGroups: number, partial: readonly FrameColumn[]): void {
    this.size = Math.max(this.size, numGroups);
    const read = columnReader(partial[0]!);
    for (let i = 0; i < groupIds.length; i++) {
      const values = read(i);
      if (Array.isArray(values)) for (const v of values) this.add(groupIds[i]!, key(v));
    }
  }

  partial(): FrameColumn[] {
    const values: unknown[] = [];
    for (let g = 0; g < this.size; g++) values.push([...(this.sets[g] ?? [])]);
    return [{ kind: 'object', values }];
  }

  finalize(): FrameColumn {
    const values = new Float64Array(this.size);
    for (let g = 0; g < this.size; g++) values[g] = this.sets[g]?.size ?? 0;
    return { kind: 'numeric', values, nulls: null };
  }
}
