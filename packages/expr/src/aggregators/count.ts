import type { FrameColumn } from '@silt/frame';
import type { Accumulator, AggregatorFactory } from './accumulator.ts';
import { growFloat64, nullFlags, numericColumn, numericInput } from './group-state.ts';

/** COUNT(*) (no arguments) counts rows; COUNT(x) counts rows where x is not NULL. LONG, never NULL. */
export const COUNT_FACTORY: AggregatorFactory = {
  intermediateTypes: ['LONG'],
  finalType: 'LONG',
  create: () => new CountAccumulator(),
};

class CountAccumulator implements Accumulator {
  private counts = new Float64Array(16);
  private size = 0;

  private ensure(numGroups: number): void {
    this.counts = growFloat64(this.counts, numGroups);
    this.size = Math.max(this.size, numGroups);
  }

  aggregate(groupIds: Int32Array, numGroups: number, args: readonly FrameColumn[], mask: Uint8Array | null): void {
    this.ensure(numGroups);
    const nulls = args.length > 0 ? nullFlags(args[0]!) : null;
    const counts = this.counts;
    if (!mask && !nulls) {
      for (let i = 0; i < groupIds.length; i++) counts[groupIds[i]!]!++;
      return;
    }
    for (let i = 0; i < groupIds.length; i++) {
      if ((mask && mask[i] !== 1) || (nulls && nulls[i] === 1)) continue;
      counts[groupIds[i]!]!++;
    }
  }

  combine(groupIds: Int32Array, numGroups: number, partial: readonly FrameColumn[]): void {
    this.ensure(numGroups);
    const { values, nulls } = numericInput(partial[0]!);
    for (let i = 0; i < groupIds.length; i++) if (!nulls || nulls[i] !== 1) this.counts[groupIds[i]!]! += values[i]!;
  }

  partial(): FrameColumn[] {
    return [this.finalize()];
  }

  finalize(): FrameColumn {
    return numericColumn(this.counts, this.size, null);
  }
}
