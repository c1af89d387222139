import type { ColumnType } from '@silt/common';
import { type FrameColumn, isLongValues } from '@silt/frame';
import { toLong } from '../values.ts';
import type { Accumulator, AggregatorFactory } from './accumulator.ts';
import { growFloat64, growUint8, numericColumn, numericInput } from './group-state.ts';

/**
 * SUM: LONG for LONG input, DOUBLE otherwise (the planner's `type`); NULL for a group with no
 * non-NULL input (SQL-compatible mode). The intermediate is the running sum, NULL when nothing was seen.
 */
export function sumFactory(type: ColumnType): AggregatorFactory {
  return { intermediateTypes: [type], finalType: type, create: () => new SumAccumulator(type === 'LONG') };
}

class SumAccumulator implements Accumulator {
  private sums = new Float64Array(16);
  private seen = new Uint8Array(16);
  private size = 0;
  constructor(private readonly long: boolean) {}

  private ensure(numGroups: number): void {
    this.sums = growFloat64(this.sums, numGroups);
    this.seen = growUint8(this.seen, numGroups);
    this.size = Math.max(this.size, numGroups);
  }

  private add(groupIds: Int32Array, column: FrameColumn, mask: Uint8Array | null): void {
    const { values, nulls } = numericInput(column);
    const { sums, seen } = this;
    // Values marked as safe integers (a segment's LONG column) are each their own toLong.
    const cast = this.long && !isLongValues(values);
    if (!mask && !nulls) {
      // The common case, no nulls and no FILTER: tight loops.
      if (cast) {
        for (let i = 0; i < groupIds.length; i++) {
          const g = groupIds[i]!;
          sums[g]! += toLong(values[i]!);
          seen[g] = 1;
        }
      } else {
        for (let i = 0; i < groupIds.length; i++) {
          const g = groupIds[i]!;
          sums[g]! += values[i]!;
          seen[g] = 1;
        }
      }
      return;
    }
    for (let i = 0; i < groupIds.length; i++) {
      if ((mask && mask[i] !== 1) || (nulls && nulls[i] === 1)) continue;
      const g = groupIds[i]!;
      sums[g]! += cast ? toLong(values[i]!) : values[i]!;
      seen[g] = 1;
    }
  }

  aggregate(groupIds: Int32Array, numGroups: number, args: readonly FrameColumn[], mask: Uint8Array | null): void {
    this.ensure(numGroups);
    this.add(groupIds, args[0]!, mask);
  }

  combine(groupIds: Int32Array, numGroups: number, partial: readonly FrameColumn[]): void {
    this.ensure(numGroups);
    this.add(groupIds, partial[0]!, null);
  }

  partial(): FrameColumn[] {
    return [this.finalize()];
  }

  finalize(): FrameColumn {
    return numericColumn(this.sums, this.size, this.seen);
  }
}
