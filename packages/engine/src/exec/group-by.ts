import type { ColumnType, RowSignature } from '@silt/common';
import { type Accumulator, aggregatorFactory, evaluate, evaluatePredicate } from '@silt/expr';
import { type Frame, type FrameColumn, type NumericColumn, type StringColumn, columnBuilder, gatherFrame, sortPermutation, valueAt } from '@silt/frame';
import type { GroupBySpec } from '../query-definition.ts';
import { multiValueKeyRows } from './multi-value-keys.ts';

/**
 * A hash group-by over frames. `aggregate` folds raw rows (pre-shuffle, Druid's groupByPreShuffle;
 * multi-value keys are unnested or refused there, by the spec's `multiValueKeys`);
 * `combine` folds partial-aggregate frames (post-shuffle). Group ids are dense; keys are kept as
 * plain values so output frames rebuild their dictionaries once.
 */
export class GroupByTable {
  private readonly groups = new Map<string, number>();
  private readonly keyValues: unknown[][] = [];
  private readonly accumulators: Accumulator[];
  private readonly keyTypes: readonly ColumnType[];
  /** What error messages call each key: the column it reads, else its output name. */
  private readonly keySources: readonly string[];

  constructor(private readonly spec: GroupBySpec) {
    this.keyTypes = spec.keys.map((_, k) => spec.signature[k]!.type);
    this.keySources = spec.keys.map((k) => (k.expr.kind === 'column' ? k.expr.name : k.name));
    this.accumulators = spec.aggregates.map((a) => aggregatorFactory(a.call).create());
    // An aggregation without group keys has exactly one group, even over no rows (COUNT(*) = 0).
    if (spec.keys.length === 0) this.keyValues.push([]);
  }

  get numGroups(): number {
    return this.keyValues.length;
  }

  /** Folds raw input rows in. */
  aggregate(input: Frame): void {
    if (input.numRows === 0) return;
    const evaluated = this.spec.keys.map((k) => evaluate(k.expr, input));
    const { frame, keyColumns } = this.spec.multiValueKeys ? multiValueKeyRows(input, evaluated, this.keyTypes, this.keySources, this.spec.multiValueKeys) : { frame: input, keyColumns: evaluated };
    const groupIds = this.assignGroups(keyColumns, frame.numRows);
    this.spec.aggregates.forEach((a, i) => {
      const args = a.call.args.map((arg) => evaluate(arg, frame));
      const mask = a.call.filter ? evaluatePredicate(a.call.filter, frame) : null;
      this.accumulators[i]!.aggregate(groupIds, this.numGroups, args, mask);
    });
  }

  /** Folds a partial-aggregate frame (keys first, then each aggregate's intermediate columns). */
  combine(frame: Frame): void {
    if (frame.numRows === 0) return;
    const nKeys = this.spec.keys.length;
    const groupIds = this.assignGroups(frame.columns.slice(0, nKeys), frame.numRows);
    let at = nKeys;
    this.spec.aggregates.forEach((a, i) => {
      const width = aggregatorFactory(a.call).intermediateTypes.length;
      this.accumulators[i]!.combine(groupIds, this.numGroups, frame.columns.slice(at, at + width));
      at += width;
    });
  }

  /** Partial aggregates as one frame with `signature` (keys, then intermediate columns). */
  partialFrame(signature: RowSignature): Frame {
    this.sizeAccumulators();
    const columns = [...this.keyColumns(), ...this.accumulators.flatMap((acc) => acc.partial())];
    return { signature, numRows: this.numGroups, columns };
  }

  /**
   * Final aggregates as one frame: keys then finalized values (the spec's signature), in group-key
   * order (ascending, nulls first), as Druid's groupBy returns its groups; in no set order when the
   * spec is `unordered`.
   */
  finalFrame(): Frame {
    this.sizeAccumulators();
    const columns = [...this.keyColumns(), ...this.accumulators.map((acc) => acc.finalize())];
    const frame: Frame = { signature: this.spec.signature, numRows: this.numGroups, columns };
    if (this.spec.unordered || this.spec.keys.length === 0 || frame.numRows < 2) return frame;
    const perm = sortPermutation(frame, this.spec.keys.map((_, column) => ({ column })));
    return perm.every((r, i) => r === i) ? frame : gatherFrame(frame, perm);
  }

  /** Tells every accumulator how many groups exist (groups may have been created by other aggregates' rows only). */
  private sizeAccumulators(): void {
    this.spec.aggregates.forEach((a, i) => {
      const empty = aggregatorFactory(a.call).intermediateTypes.map((t) => columnBuilder(t, 0).build());
      this.accumulators[i]!.combine(new Int32Array(0), this.numGroups, empty);
    });
  }

  private keyColumns(): FrameColumn[] {
    return this.spec.keys.map((_, k) => {
      const b = columnBuilder(this.spec.signature[k]!.type, this.numGroups);
      for (const key of this.keyValues) b.add(key[k]);
      return b.build();
    });
  }

  private assignGroups(keyColumns: readonly FrameColumn[], numRows: number): Int32Array {
    const ids = new Int32Array(numRows);
    if (keyColumns.length === 0) return ids;
    const only = keyColumns.length === 1 ? keyColumns[0]! : null;
    if (only?.kind === 'string') return this.assignByDictionary(only, ids);
    if (only?.kind === 'numeric') return this.assignByNumber(only, ids);
    for (let r = 0; r < numRows; r++) ids[r] = this.groupOf(keyColumns.map((c) => valueAt(c, r)));
    return ids;
  }

  /** One dictionary-encoded key: each dictionary entry (and null) is looked up once per frame. */
  private assignByDictionary(column: StringColumn, ids: Int32Array): Int32Array {
    const groupOfEntry = new Int32Array(column.dictionary.length).fill(-1);
    let nullGroup = -1;
    for (let r = 0; r < ids.length; r++) {
      const entry = column.ids[r]!;
      if (entry < 0) {
        if (nullGroup < 0) nullGroup = this.groupOf([null]);
        ids[r] = nullGroup;
        continue;
      }
      let g = groupOfEntry[entry]!;
      if (g < 0) g = groupOfEntry[entry] = this.groupOf([column.dictionary[entry]]);
      ids[r] = g;
    }
    return ids;
  }

  /** One numeric key: each distinct value (and null) is looked up once per frame. */
  private assignByNumber(column: NumericColumn, ids: Int32Array): Int32Array {
    const groupOfValue = new Map<number, number>();
    let nullGroup = -1;
    const { values, nulls } = column;
    for (let r = 0; r < ids.length; r++) {
      if (nulls && nulls[r] === 1) {
        if (nullGroup < 0) nullGroup = this.groupOf([null]);
        ids[r] = nullGroup;
        continue;
      }
      const v = values[r]!;
      let g = groupOfValue.get(v);
      if (g === undefined) {
        g = this.groupOf([v]);
        groupOfValue.set(v, g);
      }
      ids[r] = g;
    }
    return ids;
  }

  /** The dense id of the group with key `values`, created when new. */
  private groupOf(values: unknown[]): number {
    const key = values.length === 1 ? keyString(values[0]) : values.map(keyString).join('\u0000');
    let id = this.groups.get(key);
    if (id === undefined) {
      id = this.keyValues.length;
      this.groups.set(key, id);
      this.keyValues.push(values);
    }
    return id;
  }
}

function keyString(v: unknown): string {
  if (v === null || v === undefined) return '\u0001N';
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'number') return `n${v}`;
  return `o${JSON.stringify(v)}`;
}
