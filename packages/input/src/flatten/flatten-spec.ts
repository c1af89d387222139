import { invalidInput } from '@silt/common';
import { z } from 'zod';
import { checkJqProgram } from './jq-engine.ts';
import { checkJsonPath } from './json-path.ts';

/** How a flattened field is read from a record (Druid's JSONPathFieldType). */
export type FlattenFieldType = 'root' | 'path' | 'jq' | 'tree';

/**
 * One field of a `flattenSpec`, with Druid's defaults applied: a `root` field reads the top-level key
 * `expr` (default: its `name`); `path` reads a JSONPath `expr`; `jq` a jq `expr`; `tree` follows `nodes`.
 */
export interface FlattenField {
  readonly type: FlattenFieldType;
  readonly name: string;
  /** The top-level key (`root`), JSONPath (`path`) or jq program (`jq`); empty for `tree`. */
  readonly expr: string;
  /** Keys to follow from the root (`tree` only). */
  readonly nodes: readonly string[];
}

/** A validated `flattenSpec` (Druid's JSONPathSpec). */
export interface FlattenSpec {
  /** Whether root-level primitive fields (and flat lists) are discovered as columns; default true. */
  readonly useFieldDiscovery: boolean;
  readonly fields: readonly FlattenField[];
}

/** The zod shape of a `flattenSpec` as users write it; checked further by {@link resolveFlattenSpec}. */
export const flattenSpecSchema = z.object({
  useFieldDiscovery: z.boolean().nullish(),
  fields: z
    .array(
      z.union([
        z.string(),
        z.object({
          type: z.enum(['root', 'path', 'jq', 'tree'], { error: 'must be one of [root, path, jq, tree]' }),
          name: z.string({ error: "Missing 'name' in field spec" }),
          expr: z.string().nullish(),
          nodes: z.array(z.string()).nullish(),
        }),
      ]),
    )
    .nullish(),
});

/**
 * Applies Druid's defaults and checks to a parsed `flattenSpec`: a string field is a `root` field;
 * `path`/`jq` need `expr`; `tree` needs `nodes`; names must be unique; JSONPath expressions must parse.
 * `allowed` lists the field types the input format supports (`jq` and `tree` only work for json).
 *
 * @throws DruidError (invalidInput) for a bad field.
 */
export function resolveFlattenSpec(
  spec: z.output<typeof flattenSpecSchema> | null | undefined,
  format: string,
  allowed: readonly FlattenFieldType[],
): FlattenSpec | null {
  if (!spec) return null;
  const fields: FlattenField[] = [];
  const names = new Set<string>();
  for (const raw of spec.fields ?? []) {
    const field = typeof raw === 'string' ? { type: 'root' as const, name: raw, expr: null, nodes: null } : raw;
    if (!allowed.includes(field.type)) {
      throw invalidInput(`flattenSpec field [${field.name}] has type [${field.type}], which the [${format}] input format does not support; supported types are [${allowed.join(', ')}]`);
    }
    if (names.has(field.name)) throw invalidInput(`Cannot have duplicate field definition: ${field.name}`);
    names.add(field.name);
    if (field.type === 'tree') {
      if (!field.nodes?.length) throw invalidInput(`Missing 'nodes' for field[${field.name}], was [${field.nodes ?? 'null'}]`);
      fields.push({ type: 'tree', name: field.name, expr: '', nodes: Object.freeze([...field.nodes]) });
      continue;
    }
    const expr = field.type === 'root' ? (field.expr ?? field.name) : field.expr;
    if (expr === null || expr === undefined) throw invalidInput(`Missing 'expr' for field[${field.name}]`);
    if (field.type === 'path') checkJsonPath(expr, field.name, format === 'json');
    if (field.type === 'jq') checkJqProgram(expr, field.name);
    fields.push({ type: field.type, name: field.name, expr, nodes: [] });
  }
  return Object.freeze({ useFieldDiscovery: spec.useFieldDiscovery ?? true, fields: Object.freeze(fields) });
}
