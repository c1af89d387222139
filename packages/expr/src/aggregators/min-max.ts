import { type ColumnType, isNumericType } from '@silt/common';
import type { FrameColumn } from '@silt/frame';
import { columnReader, columnWriter } from '../column-writer.ts';
import { compareScalars } from '../values.ts';
import { type AggregatorFactory, SelfMergingAccumulator } from './accumulator.ts';
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

class NumericExtreme extends SelfMergingAccumulator {
  private best = new Float64Array(16);
  private seen = new Uint8Array(16);
  private size = 0;
  constructor(private readonly isMax: boolean) {
    super();
  }

  private ensure(numGroups: number): void {
    this.best = growFloat64(this.best, numGroups);
    this.seen = growUint8(this.seen, numGroups);
    this.size = Math.max(this.size, numGroups);
  }

  protected fold(groupIds: Int32Array, numGroups: number, column: FrameColumn, mask: Uint8Array | null): void {
    this.ensure(numGroups);
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

  finalize(): FrameColumn {
    return numericColumn(this.best, this.size, this.seen);
  }
}

class ValueExtreme extends SelfMergingAccumulator {
  private readonly best: unknown[] = [];
  private size = 0;
  constructor(
    private readonly type: ColumnType,
    private readonly isMax: boolean,
  ) {
    super();
  }

  protected fold(groupIds: Int32Array, numGroups: number, column: FrameColumn, mask: Uint8Array | null): void {
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

  finalize(): FrameColumn {
    const writer = columnWriter(this.type, this.size);
    for (let g = 0; g < this.size; g++) writer.set(g, this.best[g] ?? null);
    return writer.build();
  }
}
