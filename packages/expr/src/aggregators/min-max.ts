import { type ColumnType, isNumericType } from '@silt/common';
import type { FrameColumn } from '@silt/frame';
import { columnReader, columnWriter } from '../column-writer.ts';
import { compareScalars } from '../values.ts';
import type { Accumulator, AggregatorFactory } from './accumulator.ts';
import { growFloat64, growUint8, numericColumn, numericInput } from './group-state.ts';

/**
 * MIN / MAX of numbers (typed arrays) or of strings (code-unit order). NULL inputs are skipped; a group
 * with none is NULL. The intermediate is the running extreme itself.
 */
export function minMaxFactory(type: ColumnType, isMax: boolean): AggregatorFactory {
  return {
    intermediateTypes: [type],
    finalType: type,
    create: () => (isNumericType(type) ? new NumericExtreme(isMax) : new ValueExtreme(type, isMax)),
  };
}

class NumericExtreme implements Accumulator {
  private best = new Float64Array(16);
  private seen = new Uint8Array(16);
  private size = 0;
  constructor(private readonly isMax: boolean) {}

  private ensure(numGroups: number): void {
    this.best = growFloat64(this.best, numGroups);
    this.seen = growUint8(this.seen, numGroups);
    this.size = Math.max(this.size, numGroups);
  }

  private fold(groupIds: Int32Array, column: FrameColumn, mask: Uint8Array | null): void {
    const { values, nulls } = numericInput(column);
    const { best, seen, isMax } = this;
    for (let i = 0; i < groupIds.length; i++) {
      if ((mask && mask[i] !== 1) || (nulls && nulls[i] === 1)) continue;
      const g = groupIds[i]!;
      const v = values[i]!;
      if (seen[g] !== 1 || (isMax ? v > best[g]! : v < best[g]!)) {
        best[g] = v;
        seen[g] = 1;
      }
    }
  }

  aggregate(groupIds: Int32Array, numGroups: number, args: readonly FrameColumn[], mask: Uint8Array | null): void {
    this.ensure(numGroups);
    this.fold(groupIds, args[0]!, mask);
  }

  combine(groupIds: Int32Array, numGroups: number, partial: readonly FrameColumn[]): void {
    this.ensure(numGroups);
    this.fold(groupIds, partial[0]!, null);
  }

  partial(): FrameColumn[] {
    return [this.finalize()];
  }

  finalize(): FrameColumn {
    return numericColumn(this.best, this.size, this.seen);
  }
}

class ValueExtreme implements Accumulator {
  private readonly best: unknown[] = [];
  private size = 0;
  constructor(
    private readonly type: ColumnType,
    private readonly isMax: boolean,
  ) {}

  private fold(groupIds: Int32Array, numGroups: number, column: FrameColumn, mask: Uint8Array | null): void {
    this.size = Math.max(this.size, numGroups);
    const read = columnReader(column);
    for (let i = 0; i < groupIds.length; i++) {
      if (mask && mask[i] !== 1) continue;
      const v = read(i);
      if (v === null) continue;
      const g = groupIds[i]!;
      const current = this.best[g] ?? null;
      if (current === null || (this.isMax ? compareScalars(v, current) > 0 : compareScalars(v, current) < 0)) this.best[g] = v;
    }
  }

  aggregate(groupIds: Int32Array, numGroups: number, args: readonly FrameColumn[], mask: Uint8Array | null): void {
    this.fold(groupIds, numGroups, args[0]!, mask);
  }

  combine(groupIds: Int32Array, numGroups: number, partial: readonly FrameColumn[]): void {
    this.fold(groupIds, numGroups, partial[0]!, null);
  }

  partial(): FrameColumn[] {
    return [this.finalize()];
  }

  finalize(): FrameColumn {
    const writer = columnWriter(this.type, this.size);
    for (let g = 0; g < this.size; g++) writer.set(g, this.best[g] ?? null);
    return writer.build();
  }
}
