import type { ColumnType } from '@silt/common';
import type { FrameColumn } from '@silt/frame';
import { columnReader, columnWriter } from '../column-writer.ts';
import { chopString } from './chop-string.ts';
import { type AggregatorFactory, SelfMergingAccumulator } from './accumulator.ts';

/**
 * ANY_VALUE(x[, maxBytesPerString]): some value of the group — the first one seen, replaced only while
 * it is NULL (so a group is NULL only when all its values are). STRING values are cut to `maxBytes`
 * characters (default 1024). The intermediate is that value.
 */
export function anyValueFactory(type: ColumnType, maxBytes: number): AggregatorFactory {
  return { intermediateTypes: [type], finalType: type, create: () => new AnyValueAccumulator(type, maxBytes) };
}

class AnyValueAccumulator extends SelfMergingAccumulator {
  private readonly values: unknown[] = [];
  private size = 0;
  constructor(
    private readonly type: ColumnType,
    private readonly maxBytes: number,
  ) {
    super();
  }

  protected fold(groupIds: Int32Array, numGroups: number, column: FrameColumn, mask: Uint8Array | null): void {
    this.size = Math.max(this.size, numGroups);
    const read = columnReader(column);
    for (let i = 0; i < groupIds.length; i++) {
      if (mask && mask[i] !== 1) continue;
      const g = groupIds[i]!;
      if ((this.values[g] ?? null) === null) this.values[g] = chopString(read(i), this.type, this.maxBytes);
    }
  }

  finalize(): FrameColumn {
    const writer = columnWriter(this.type, this.size);
    for (let g = 0; g < this.size; g++) writer.set(g, this.values[g] ?? null);
    return writer.build();
  }
}
