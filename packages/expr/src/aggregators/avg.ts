import type { ColumnType } from '@silt/common';
import type { FrameColumn } from '@silt/frame';
import { toLong } from '../values.ts';
import type { Accumulator, AggregatorFactory } from './accumulator.ts';
import { growFloat64, nullFlags, numericColumn, numericInput } from './group-state.ts';

/**
 * AVG: intermediate (DOUBLE sum, LONG count); the final value is sum / count (NULL when the count is
 * 0), truncated when the planner types the result LONG.
 */
export function avgFactory(type: ColumnType): AggregatorFactory {
  return { intermediateTypes: ['DOUBLE', 'LONG'], finalType: type, create: () => new AvgAccumulator(type === 'LONG') };
}

class AvgAccumulator implements Accumulator {
  private sums = new Float64Array(16);
  private counts = new Float64Array(16);
  private size = 0;
  constructor(private readonly long: boolean) {}

  private ensure(numGroups: number): void {
    this.sums = growFloat64(this.sums, numGroups);
    this.counts = growFloat64(this.counts, numGroups);
    this.size = Math.max(this.size, numGroups);
  }

  aggregate(groupIds: Int32Array, numGroups: number, args: readonly FrameColumn[], mask: Uint8Array | null): void {
    this.ensure(numGroups);
    const { values, nulls } = numericInput(args[0]!);
    for (let i = 0; i < groupIds.length; i++) {
      if ((mask && mask[i] !== 1) || (nulls && nulls[i] === 1)) continue;
      const g = groupIds[i]!;
      this.sums[g]! += values[i]!;
      this.counts[g]!++;
    }
  }

  combine(groupIds: Int32Array, numGroups: number, partial: readonly FrameColumn[]): void {
    this.ensure(numGroups);
    const sums = numericInput(partial[0]!);
    const counts = numericInput(partial[1]!);
    const countNulls = nullFlags(partial[1]!);
    for (let i = 0; i < groupIds.length; i++) {
      if (countNulls && countNulls[i] === 1) continue;
      const g = groupIds[i]!;
      if (!sums.nulls || sums.nulls[i] !== 1) this.sums[g]! += sums.values[i]!;
      this.counts[g]! += counts.values[i]!;
    }
  }

  partial(): FrameColumn[] {
    return [numericColumn(this.sums, this.size, null), numericColumn(this.counts, this.size, null)];
  }

  finalize(): FrameColumn {
    const values = new Float64Array(this.size);
    const seen = new Uint8Array(this.size);
    for (let g = 0; g < this.size; g++) {
      const count = this.counts[g]!;
      if (count === 0) continue;
      values[g] = this.long ? toLong(this.sums[g]! / count) : this.sums[g]! / count;
      seen[g] = 1;
    }
    return numericColumn(values, this.size, seen);
  }
}
