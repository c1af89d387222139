import type { ColumnType } from '@silt/common';
import type { FrameColumn } from '@silt/frame';

/**
 * The running state of one aggregate function over many groups, for the engine's two-phase GROUP BY:
 * each worker folds raw rows in with `aggregate` and ships `partial()`; after the shuffle, one
 * accumulator `combine`s the partials and `finalize`s. Groups are dense ids 0..numGroups-1, and
 * `numGroups` may grow from call to call (state grows with it). Single-threaded.
 */
export interface Accumulator {
  /**
   * Folds raw input rows in: `groupIds[i]` is row i's group (0..numGroups-1); `args` are the evaluated
   * argument columns; `mask` (optional) marks the rows passing the FILTER clause (1 = counted).
   */
  aggregate(groupIds: Int32Array, numGroups: number, args: readonly FrameColumn[], mask: Uint8Array | null): void;
  /** Merges partial states (as produced by `partial()` on another accumulator) into groups `groupIds[i]`. */
  combine(groupIds: Int32Array, numGroups: number, partial: readonly FrameColumn[]): void;
  /** Intermediate state for groups 0..numGroups-1, as columns of the factory's `intermediateTypes`. */
  partial(): FrameColumn[];
  /** Final values for groups 0..numGroups-1, as a column of the factory's `finalType`. */
  finalize(): FrameColumn;
}

/** Creates accumulators for one aggregate call and states the types of their columns. */
export interface AggregatorFactory {
  /** Types of the columns `partial()` returns (and `combine` takes). */
  readonly intermediateTypes: readonly ColumnType[];
  /** Type of the column `finalize()` returns. */
  readonly finalType: ColumnType;
  create(): Accumulator;
}

/**
 * An accumulator whose intermediate state is its final column (MIN / MAX, ANY_VALUE, BIT_AND …):
 * partials fold in exactly as raw input does, without a FILTER mask. Subclasses give `fold` and
 * `finalize`.
 */
export abstract class SelfMergingAccumulator implements Accumulator {
  /** Folds one column of values (raw input or partial state) into groups `groupIds[i]`. */
  protected abstract fold(groupIds: Int32Array, numGroups: number, column: FrameColumn, mask: Uint8Array | null): void;
  abstract finalize(): FrameColumn;

  aggregate(groupIds: Int32Array, numGroups: number, args: readonly FrameColumn[], mask: Uint8Array | null): void {
    this.fold(groupIds, numGroups, args[0]!, mask);
  }

  combine(groupIds: Int32Array, numGroups: number, partial: readonly FrameColumn[]): void {
    this.fold(groupIds, numGroups, partial[0]!, null);
  }

  partial(): FrameColumn[] {
    return [this.finalize()];
  }
}
