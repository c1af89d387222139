import type { ColumnType, RowSignature } from '@silt/common';
import { type Accumulator, aggregatorFactory, evaluate, evaluatePredicate } from '@silt/expr';
import { type Frame, type FrameColumn, type NumericColumn, type StringColumn, columnBuilder, compactDictionary, gatherFrame, isDistinctDictionary, markDistinctDictionary, sortPermutation, valueAt } from '@silt/frame';
import type { GroupBySpec } from '../query-definition.ts';
import { multiValueKeyRows } from './multi-value-keys.ts';
import { partialsByEntry } from './partials-by-entry.ts';
import { partialsByRun } from './partials-by-run.ts';

/**
 * A hash group-by over frames. `aggregate` folds raw rows (pre-shuffle, Druid's groupByPreShuffle;
 * multi-value keys are unnested or refused there, by the spec's `multiValueKeys`);
 * `combine` folds partial-aggregate frames (post-shuffle). Group ids are dense; keys are kept as
 * plain values so output frames rebuild their dictionaries once. The first frame into an empty
 * table, when it has one key and only COUNT(*) and SUM, has its partials computed without a group
 * id per row (partials-by-entry.ts, partials-by-run.ts) and combined in.
 */
export class GroupByTable {
  /** Groups by their composite key string (several keys, or a key that is neither a string nor a number). */
  private readonly groups = new Map<string, number>();
  /** One-key groups by their plain value: no key string to build per lookup. */
  private readonly stringGroups = new Map<string, number>();
  /**
   * While every group came from one distinct dictionary (one STRING key): each entry's group (-1 =
   * none yet), and each group's entry (-1 = the null group). Those groups get key values and
   * {@link stringGroups} entries only when another dictionary or value arrives, so a single
   * segment's or partition's keys need no hash lookup and no key array per group.
   */
  private entryGroups: EntryGroups | null = null;
  private readonly numberGroups = new Map<number, number>();
  private nullGroup = -1;
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
    return this.entryGroups ? this.entryGroups.count : this.keyValues.length;
  }

  /** Folds raw input rows in. */
  aggregate(input: Frame): void {
    if (input.numRows === 0) return;
    const evaluated = this.spec.keys.map((k) => evaluate(k.expr, input));
    const { frame, keyColumns } = this.spec.multiValueKeys ? multiValueKeyRows(input, evaluated, this.keyTypes, this.keySources, this.spec.multiValueKeys) : { frame: input, keyColumns: evaluated };
    // Combined into an empty table, these partials leave the state that aggregating the rows would.
    const partials = this.numGroups === 0 ? (partialsByEntry(this.spec, keyColumns, frame) ?? partialsByRun(this.spec, keyColumns, frame)) : null;
    if (partials) return this.combine(partials);
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
    if (this.entryGroups) {
      // The groups' entries of their one dictionary: only the entries in use are kept.
      const { dictionary, entries, count } = this.entryGroups;
      return [compactDictionary({ kind: 'string', ids: entries.slice(0, count), dictionary })];
    }
    if (this.spec.keys.length === 1 && this.keyTypes[0] === 'STRING') {
      const column = this.distinctStringKeyColumn();
      if (column) return [column];
    }
    return this.spec.keys.map((_, k) => {
      const b = columnBuilder(this.spec.signature[k]!.type, this.numGroups);
      for (const key of this.keyValues) b.add(key[k]);
      return b.build();
    });
  }

  /**
   * The one STRING key as a column whose dictionary is the groups' keys in group order: they are
   * distinct, so no dictionary lookup is needed. Null when a key is not a plain string or null.
   */
  private distinctStringKeyColumn(): StringColumn | null {
    const ids = new Int32Array(this.numGroups);
    const dictionary: string[] = [];
    for (let g = 0; g < ids.length; g++) {
      const v = this.keyValues[g]![0];
      if (v === null || v === undefined) ids[g] = -1;
      else if (typeof v === 'string') ids[g] = dictionary.push(v) - 1;
      else return null;
    }
    return { kind: 'string', ids, dictionary: markDistinctDictionary(dictionary) };
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
    if (!this.entryGroups && this.keyValues.length === 0 && isDistinctDictionary(column.dictionary)) {
      this.entryGroups = { dictionary: column.dictionary, groups: new Int32Array(column.dictionary.length).fill(-1), entries: new Int32Array(64), count: 0 };
    }
    if (this.entryGroups?.dictionary === column.dictionary) return this.assignByEntry(this.entryGroups, column.ids, ids);
    this.indexEntryGroups();
    const groupOfEntry = new Int32Array(column.dictionary.length).fill(-1);
    let nullGroup = -1;
    for (let r = 0; r < ids.length; r++) {
      const entry = column.ids[r]!;
      if (entry < 0) {
        if (nullGroup < 0) nullGroup = this.groupOfOne(null);
        ids[r] = nullGroup;
        continue;
      }
      let g = groupOfEntry[entry]!;
      if (g < 0) g = groupOfEntry[entry] = this.groupOfOne(column.dictionary[entry]);
      ids[r] = g;
    }
    return ids;
  }

  /** Rows of the entry groups' dictionary: a group per entry (and one for null), created on first sight. */
  private assignByEntry(state: EntryGroups, entryIds: Int32Array, ids: Int32Array): Int32Array {
    const groupOfEntry = state.groups;
    for (let r = 0; r < ids.length; r++) {
      const entry = entryIds[r]!;
      if (entry < 0) {
        if (this.nullGroup < 0) this.nullGroup = newEntryGroup(state, -1);
        ids[r] = this.nullGroup;
        continue;
      }
      let g = groupOfEntry[entry]!;
      if (g < 0) g = groupOfEntry[entry] = newEntryGroup(state, entry);
      ids[r] = g;
    }
    return ids;
  }

  /** Leaves entry mode: the entry groups get their key values and {@link stringGroups} entries, before any other lookup. */
  private indexEntryGroups(): void {
    if (!this.entryGroups) return;
    const { dictionary, entries, count } = this.entryGroups;
    this.entryGroups = null;
    for (let g = 0; g < count; g++) {
      const entry = entries[g]!;
      this.keyValues.push([entry < 0 ? null : dictionary[entry]]);
      if (entry >= 0) this.stringGroups.set(dictionary[entry]!, g);
    }
  }

  /** One numeric key: each value is looked up once per run of equal values (and null once per frame). */
  private assignByNumber(column: NumericColumn, ids: Int32Array): Int32Array {
    let nullGroup = -1;
    let previous = Number.NaN;
    let previousGroup = -1;
    const { values, nulls } = column;
    for (let r = 0; r < ids.length; r++) {
      if (nulls && nulls[r] === 1) {
        if (nullGroup < 0) nullGroup = this.groupOfOne(null);
        ids[r] = nullGroup;
        continue;
      }
      const v = values[r]!;
      // Rows sorted by the key (time buckets of a time-sorted segment) repeat the previous value.
      if (v === previous) {
        ids[r] = previousGroup;
        continue;
      }
      ids[r] = previousGroup = this.groupIn(this.numberGroups, v);
      previous = v;
    }
    return ids;
  }

  /** The dense id of the group whose only key is `value`, created when new. */
  private groupOfOne(value: unknown): number {
    if (value === null || value === undefined) {
      if (this.nullGroup < 0) this.nullGroup = this.newGroup([null]);
      return this.nullGroup;
    }
    if (typeof value === 'string') {
      this.indexEntryGroups();
      return this.groupIn(this.stringGroups, value);
    }
    if (typeof value === 'number') return this.groupIn(this.numberGroups, value);
    return this.groupOfComposite([value]);
  }

  private groupIn<K>(groups: Map<K, number>, value: K): number {
    let id = groups.get(value);
    if (id === undefined) {
      id = this.newGroup([value]);
      groups.set(value, id);
    }
    return id;
  }

  private newGroup(values: unknown[]): number {
    this.indexEntryGroups();
    this.keyValues.push(values);
    return this.keyValues.length - 1;
  }

  /** The dense id of the group with key `values`, created when new. */
  private groupOf(values: unknown[]): number {
    return values.length === 1 ? this.groupOfOne(values[0]) : this.groupOfComposite(values);
  }

  private groupOfComposite(values: unknown[]): number {
    const key = values.length === 1 ? keyString(values[0]) : values.map(keyString).join('\u0000');
    let id = this.groups.get(key);
    if (id === undefined) {
      id = this.newGroup(values);
      this.groups.set(key, id);
    }
    return id;
  }
}

/** Groups keyed by the entries of one distinct dictionary. */
interface EntryGroups {
  readonly dictionary: readonly string[];
  /** Each entry's group, -1 while it has none. */
  readonly groups: Int32Array;
  /** Each group's entry (-1: the null group), in group order; grows. */
  entries: Int32Array;
  count: number;
}

/** A new group keyed by dictionary entry `entry` (-1: null); its id. */
function newEntryGroup(state: EntryGroups, entry: number): number {
  if (state.count === state.entries.length) {
    const grown = new Int32Array(state.entries.length * 2);
    grown.set(state.entries);
    state.entries = grown;
  }
  state.entries[state.count] = entry;
  return state.count++;
}

function keyString(v: unknown): string {
  if (v === null || v === undefined) return '\u0001N';
  if (typeof v === 'string') return `s${v}`;
  if (typeof v === 'number') return `n${v}`;
  return `o${JSON.stringify(v)}`;
}
