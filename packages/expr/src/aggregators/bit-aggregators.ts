import type { FrameColumn } from '@silt/frame';
import { type AggregatorFactory, SelfMergingAccumulator } from './accumulator.ts';
import { growFloat64, growUint8, numericColumn, numericInput } from './group-state.ts';

/**
 * BIT_AND / BIT_OR / BIT_XOR: the bitwise fold of a group's non-NULL values as 64-bit longs (doubles
 * truncate); NULL for a group with none. The intermediate is the running LONG.
 */
export function bitFactory(fn: 'BIT_AND' | 'BIT_OR' | 'BIT_XOR'): AggregatorFactory {
  return { intermediateTypes: ['LONG'], finalType: 'LONG', create: () => new BitAccumulator(fn) };
}

function apply(fn: string, a: bigint, b: bigint): bigint {
  if (fn === 'BIT_AND') return a & b;
  if (fn === 'BIT_OR') return a | b;
  return a ^ b;
}

class BitAccumulator extends SelfMergingAccumulator {
  private results = new Float64Array(16);
  private seen = new Uint8Array(16);
  private size = 0;
  constructor(private readonly fn: string) {
    super();
  }

  protected fold(groupIds: Int32Array, numGroups: number, column: FrameColumn, mask: Uint8Array | null): void {
    this.results = growFloat64(this.results, numGroups);
    this.seen = growUint8(this.seen, numGroups);
    this.size = Math.max(this.size, numGroups);
    const { values, nulls } = numericInput(column);
    for (let i = 0; i < groupIds.length; i++) {
      if ((mask && mask[i] !== 1) || (nulls && nulls[i] === 1)) continue;
      const g = groupIds[i]!;
      const v = BigInt.asIntN(64, BigInt(Math.trunc(values[i]!)));
      this.results[g] = this.seen[g] === 1 ? Number(BigInt.asIntN(64, apply(this.fn, BigInt(this.results[g]!), v))) : Number(v);
      this.seen[g] = 1;
    }
  }

  finalize(): FrameColumn {
    return numericColumn(this.results, this.size, this.seen);
  }
}
