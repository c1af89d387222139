import type { ColumnType } from '@silt/common';
import type { FrameColumn } from '@silt/frame';
import { type SketchFamily, isSketchOf } from '../sketches/sketch-bytes.ts';
import type { Accumulator, AggregatorFactory } from './accumulator.ts';

/**
 * The shared shape of sketch aggregators (HLL, theta, quantiles). Each group holds one sketch. Raw
 * input values update it; when the argument is a COMPLEX<json> column, values that are serialized
 * sketches of the same family are merged instead (DS_HLL over a column of HLL sketches is their
 * union). The intermediate is one COMPLEX<json> column of serialized sketches (base64 strings); the
 * final value is the sketch itself when the call's type is COMPLEX<json>, else the sketch's number
 * (an estimate or a quantile), rounded when the type is LONG.
 */
export interface SketchOps<S> {
  readonly family: SketchFamily;
  /** A new, empty sketch with the call's parameters. */
  create(): S;
  /** Adds the raw values of the rows `mask` selects to the sketches of their groups. */
  fold(sketchOf: (group: number) => S, groupIds: Int32Array, column: FrameColumn, mask: Uint8Array | null): void;
  /**
   * Merges `other` into `into` and returns the result; with no `into` yet (a group's first sketch)
   * it may return `other` itself when that equals merging into an empty sketch.
   */
  merge(into: S | undefined, other: S): S;
  serialize(sketch: S): string;
  deserialize(text: string): S;
  /** The finalized number of a sketch. */
  finalValue(sketch: S): number;
}

/** An aggregator factory for a sketch aggregate whose input argument has type `argType`. */
export function sketchFactory<S>(ops: SketchOps<S>, argType: ColumnType, finalType: ColumnType): AggregatorFactory {
  return {
    intermediateTypes: ['COMPLEX<json>'],
    finalType,
    create: () => new SketchAccumulator(ops, argType === 'COMPLEX<json>', finalType),
  };
}

class SketchAccumulator<S> implements Accumulator {
  private readonly sketches: (S | undefined)[] = [];
  private size = 0;
  private readonly sketchOf = (g: number): S => (this.sketches[g] ??= this.ops.create());

  constructor(
    private readonly ops: SketchOps<S>,
    private readonly sketchInput: boolean,
    private readonly finalType: ColumnType,
  ) {}

  aggregate(groupIds: Int32Array, numGroups: number, args: readonly FrameColumn[], mask: Uint8Array | null): void {
    this.size = Math.max(this.size, numGroups);
    const column = args[0]!;
    if (!this.sketchInput || column.kind !== 'object') {
      this.ops.fold(this.sketchOf, groupIds, column, mask);
      return;
    }
    // A COMPLEX<json> input: merge the rows holding sketches, fold the others as raw values.
    let raw: Uint8Array | null = null;
    for (let i = 0; i < groupIds.length; i++) {
      if (mask && mask[i] !== 1) continue;
      const v = column.values[i];
      if (isSketchOf(v, this.ops.family)) this.mergeInto(groupIds[i]!, v);
      else if (v !== null && v !== undefined) (raw ??= new Uint8Array(groupIds.length))[i] = 1;
    }
    if (raw) this.ops.fold(this.sketchOf, groupIds, column, raw);
  }

  combine(groupIds: Int32Array, numGroups: number, partial: readonly FrameColumn[]): void {
    this.size = Math.max(this.size, numGroups);
    const column = partial[0]!;
    if (column.kind !== 'object') return;
    for (let i = 0; i < groupIds.length; i++) {
      const v = column.values[i];
      if (isSketchOf(v, this.ops.family)) this.mergeInto(groupIds[i]!, v);
    }
  }

  private mergeInto(g: number, text: string): void {
    this.sketches[g] = this.ops.merge(this.sketches[g], this.ops.deserialize(text));
  }

  partial(): FrameColumn[] {
    const values = new Array<unknown>(this.size);
    for (let g = 0; g < this.size; g++) values[g] = this.ops.serialize(this.sketchOf(g));
    return [{ kind: 'object', values }];
  }

  finalize(): FrameColumn {
    if (this.finalType === 'COMPLEX<json>') return this.partial()[0]!;
    const values = new Float64Array(this.size);
    const long = this.finalType === 'LONG';
    for (let g = 0; g < this.size; g++) {
      const v = this.ops.finalValue(this.sketchOf(g));
      values[g] = long ? Math.round(v) : v;
    }
    return { kind: 'numeric', values, nulls: null };
  }
}
