import type { ColumnType } from '@silt/common';
import type { FrameColumn } from '@silt/frame';
import { columnReader, columnWriter } from '../column-writer.ts';
import { chopString } from './chop-string.ts';
import type { Accumulator, AggregatorFactory } from './accumulator.ts';
import { growFloat64, numericInput } from './group-state.ts';

/**
 * EARLIEST / LATEST (and their _BY forms): the value of the row with the smallest (largest) time;
 * arguments are (value, time[, maxBytesPerString]). Rows with a NULL time are skipped; the value itself
 * may be NULL. Ties go to the first row seen for EARLIEST and the last for LATEST. STRING values are
 * cut to `maxBytes` characters (Druid's default 1024). The intermediate is (value, LONG time).
 */
export function earliestLatestFactory(type: ColumnType, latest: boolean, maxBytes: number): AggregatorFactory {
  return { intermediateTypes: [type, 'LONG'], finalType: type, create: () => new EarliestLatestAccumulator(type, latest, maxBytes) };
}

class EarliestLatestAccumulator implements Accumulator {
  private readonly values: unknown[] = [];
  /** Best time per group; NaN while the group has seen no row. */
  private times = new Float64Array(16).fill(Number.NaN);
  private size = 0;
  constructor(
    private readonly type: ColumnType,
    private readonly latest: boolean,
    private readonly maxBytes: number,
  ) {}

  private fold(groupIds: Int32Array, numGroups: number, valueColumn: FrameColumn, timeColumn: FrameColumn, mask: Uint8Array | null): void {
    this.times = growFloat64(this.times, numGroups, Number.NaN);
    this.size = Math.max(this.size, numGroups);
    const read = columnReader(valueColumn);
    const { values: times, nulls } = numericInput(timeColumn);
    for (let i = 0; i < groupIds.length; i++) {
      if ((mask && mask[i] !== 1) || (nulls && nulls[i] === 1)) continue;
      const g = groupIds[i]!;
      const t = times[i]!;
      const best = this.times[g]!;
      if (best !== best || (this.latest ? t >= best : t < best)) {
        this.times[g] = t;
        this.values[g] = chopString(read(i), this.type, this.maxBytes);
      }
    }
  }

  aggregate(groupIds: Int32Array, numGroups: number, args: readonly FrameColumn[], mask: Uint8Array | null): void {
    this.fold(groupIds, numGroups, args[0]!, args[1]!, mask);
  }

  combine(groupIds: Int32Array, numGroups: number, partial: readonly FrameColumn[]): void {
    this.fold(groupIds, numGroups, partial[0]!, partial[1]!, null);
  }

  partial(): FrameColumn[] {
    const times = new Float64Array(this.size);
    let nulls: Uint8Array | null = null;
    for (let g = 0; g < this.size; g++) {
      const t = this.times[g]!;
      if (t === t) times[g] = t;
      else (nulls ??= new Uint8Array(this.size))[g] = 1;
    }
    return [this.finalize(), { kind: 'numeric', values: times, nulls }];
  }

  finalize(): FrameColumn {
    const writer = columnWriter(this.type, this.size);
    for (let g = 0; g < this.size; g++) writer.set(g, this.values[g] ?? null);
    return writer.build();
  }
}
