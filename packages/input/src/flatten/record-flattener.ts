import type { FlattenSpec } from './flatten-spec.ts';
import type { JqResult } from './jq-engine.ts';
import { type JsonPathReader, jsonPathReader } from './json-path.ts';

type Accessor = { readonly read: JsonPathReader } | { readonly jq: number };

/**
 * Reads the columns of a signature out of nested records (parsed JSON, or Avro/Parquet/ORC/Protobuf
 * records turned into plain objects) as Druid's ObjectFlatteners do:
 * - a column named by a `flattenSpec` field reads that field (`root`, `path`, `tree`, or `jq`);
 * - any other column reads the record's top-level key of the same name. As in Druid, this holds
 *   whatever `useFieldDiscovery` says: discovery only decides which names are *discovered*.
 *
 * Discovery ({@link discover}) lists the flattenSpec field names, then (with `useFieldDiscovery`) the
 * top-level keys whose value is a primitive or a list of primitives; null values count only with
 * `keepNullColumns`.
 */
export class RecordFlattener {
  /** The jq programs to run for each record, in the order {@link read} expects their results. */
  readonly jqPrograms: readonly string[];
  private readonly accessors: readonly Accessor[];
  private readonly fieldNames: readonly string[];
  private readonly useFieldDiscovery: boolean;

  /**
   * @param columns the signature's column names, in order.
   * @param textFunctions whether JSONPath `concat()`/`append()` are allowed (json only).
   */
  constructor(spec: FlattenSpec | null, columns: readonly string[], textFunctions: boolean) {
    const fields = new Map((spec?.fields ?? []).map((f) => [f.name, f]));
    const programs: string[] = [];
    this.accessors = columns.map((name): Accessor => {
      const field = fields.get(name);
      if (!field || field.type === 'root') {
        const key = field?.expr ?? name;
        return { read: (record) => rootField(record, key) };
      }
      if (field.type === 'tree') return { read: (record) => treeField(record, field.nodes) };
      if (field.type === 'path') return { read: jsonPathReader(field.expr, textFunctions) };
      programs.push(field.expr);
      return { jq: programs.length - 1 };
    });
    this.jqPrograms = programs;
    this.fieldNames = [...fields.keys()];
    this.useFieldDiscovery = spec?.useFieldDiscovery ?? true;
  }

  /**
   * Reads every column of `record` into `out`; `jq` holds the record's results of {@link jqPrograms}.
   * Returns the jq error message when a jq program failed on this record, else null.
   */
  read(record: unknown, jq: readonly JqResult[] | undefined, out: unknown[]): string | null {
    const accessors = this.accessors;
    for (let c = 0; c < accessors.length; c++) {
      const accessor = accessors[c]!;
      if ('read' in accessor) {
        out[c] = accessor.read(record);
      } else {
        const result = jq![accessor.jq]!;
        if ('error' in result) return result.error;
        out[c] = result.value;
      }
    }
    return null;
  }

  /** Adds the field names `record` makes available to `found` (see the class comment). */
  discover(record: unknown, keepNullColumns: boolean, found: Set<string>): void {
    for (const name of this.fieldNames) found.add(name);
    if (!this.useFieldDiscovery || record === null || typeof record !== 'object') return;
    for (const [key, value] of Object.entries(record)) {
      if (value === null || value === undefined ? keepNullColumns : isDiscoverable(value)) found.add(key);
    }
  }
}

function rootField(record: unknown, key: string): unknown {
  if (record === null || typeof record !== 'object' || !Object.hasOwn(record, key)) return null;
  return (record as Record<string, unknown>)[key] ?? null;
}

function treeField(record: unknown, nodes: readonly string[]): unknown {
  let node: unknown = record;
  for (const key of nodes) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) return null;
    node = (node as Record<string, unknown>)[key];
  }
  return node ?? null;
}

/** A primitive, or a list whose elements are all primitives. */
function isDiscoverable(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((v) => v === null || typeof v !== 'object' || v instanceof Uint8Array);
  return typeof value !== 'object' || value instanceof Uint8Array;
}
