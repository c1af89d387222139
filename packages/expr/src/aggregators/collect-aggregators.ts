import { type ColumnType, FaultError, fault } from '@silt/common';
import type { FrameColumn } from '@silt/frame';
import { columnReader, columnWriter } from '../column-writer.ts';
import { asString, castValue, compareScalars, elementType } from '../values.ts';
import type { Accumulator, AggregatorFactory } from './accumulator.ts';

/**
 * Aggregates that collect values: ARRAY_AGG(x [, size]) keeps every value including NULLs,
 * ARRAY_CONCAT_AGG(arr [, size]) the elements of every non-NULL array, STRING_AGG(x, separator [,
 * size]) every non-NULL value joined by the separator. With DISTINCT each value is kept once and the
 * result is sorted (NULL first). The order of the non-DISTINCT forms follows processing order. A
 * result larger than `size` bytes (as JSON text, default 1024) fails the query, as in Druid. A group
 * with nothing collected is NULL. The intermediate is a COMPLEX<json> column holding each group's
 * array of values.
 */

/** The shape of one collecting aggregate. */
export interface CollectSpec {
  readonly kind: 'ARRAY_AGG' | 'ARRAY_CONCAT_AGG' | 'STRING_AGG';
  readonly distinct: boolean;
  /** Type of the collected expression. */
  readonly argType: ColumnType;
  /** The call's result type. */
  readonly type: ColumnType;
  readonly maxBytes: number;
  /** STRING_AGG's separator. */
  readonly separator: string;
}

/** Druid's default `size` of ARRAY_AGG / STRING_AGG. */
export const DEFAULT_COLLECT_BYTES = 1024;

/** The factory of a collecting aggregate. */
export function collectFactory(spec: CollectSpec): AggregatorFactory {
  return { intermediateTypes: ['COMPLEX<json>'], finalType: spec.type, create: () => new CollectAccumulator(spec) };
}

/** Keys distinct values: scalars by themselves, arrays and objects by JSON text. */
const distinctKey = (v: unknown): unknown => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v);

class CollectAccumulator implements Accumulator {
  private readonly lists: (unknown[] | undefined)[] = [];
  private readonly seen: (Set<unknown> | undefined)[] = [];
  private size = 0;

  constructor(private readonly spec: CollectSpec) {}

  private add(g: number, value: unknown): void {
    if (this.spec.distinct) {
      const seen = (this.seen[g] ??= new Set());
      const key = distinctKey(value);
      if (seen.has(key)) return;
      seen.add(key);
    }
    (this.lists[g] ??= []).push(value);
  }

  /** Adds one input value (of the collected expression) to group g. */
  private addInput(g: number, value: unknown): void {
    switch (this.spec.kind) {
      case 'ARRAY_AGG':
        this.add(g, value);
        return;
      case 'ARRAY_CONCAT_AGG':
        if (Array.isArray(value)) for (const e of value) this.add(g, e ?? null);
        return;
      case 'STRING_AGG':
        if (value !== null) this.add(g, asString(value, this.spec.argType));
    }
  }

  aggregate(groupIds: Int32Array, numGroups: number, args: readonly FrameColumn[], mask: Uint8Array | null): void {
    this.size = Math.max(this.size, numGroups);
    const read = columnReader(args[0]!);
    for (let i = 0; i < groupIds.length; i++) {
      if (mask && mask[i] !== 1) continue;
      this.addInput(groupIds[i]!, read(i));
    }
  }

  combine(groupIds: Int32Array, numGroups: number, partial: readonly FrameColumn[]): void {
    this.size = Math.max(this.size, numGroups);
    const read = columnReader(partial[0]!);
    for (let i = 0; i < groupIds.length; i++) {
      const values = read(i);
      if (Array.isArray(values)) for (const v of values) this.add(groupIds[i]!, v ?? null);
    }
  }

  /** Group g's collected values (sorted for DISTINCT), checked against the size limit; null when none. */
  private collected(g: number): unknown[] | null {
    const list = this.lists[g];
    if (!list) return null;
    const values = this.spec.distinct ? [...list].sort(compareNullsFirst) : list;
    const bytes = Buffer.byteLength(JSON.stringify(values));
    if (bytes > this.spec.maxBytes) {
      throw new FaultError(fault('UnknownError', { message: `Unable to serialize [${this.spec.type}], size [${bytes}] is larger than max [${this.spec.maxBytes}]` }));
    }
    return values;
  }

  partial(): FrameColumn[] {
    const values = new Array<unknown>(this.size);
    for (let g = 0; g < this.size; g++) values[g] = this.collected(g);
    return [{ kind: 'object', values }];
  }

  finalize(): FrameColumn {
    const writer = columnWriter(this.spec.type, this.size);
    const element = elementType(this.spec.type);
    const from = elementType(this.spec.argType);
    for (let g = 0; g < this.size; g++) {
      const values = this.collected(g);
      if (values === null) continue;
      if (this.spec.kind === 'STRING_AGG') writer.set(g, values.join(this.spec.separator));
      else writer.set(g, element === this.spec.type ? values : values.map((v) => (v !== null && typeof v === 'object' ? v : castValue(v, from, element))));
    }
    return writer.build();
  }
}

function compareNullsFirst(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  return compareScalars(a, b);
}
