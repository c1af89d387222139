import { z } from 'zod';
import type { NativeAst } from '../native-expr/native-ast.ts';
import { parseNativeAst } from '../native-expr/native-parser.ts';
import { type NativeFilter, parseNativeFilter } from '../native-filter/filter-spec.ts';
import { parseWith, specError, type SpecPath, withPath } from '../spec-error.ts';

/** One expression transform: `name` is computed from the input row (shadowing an input column of that name). */
export interface Transform {
  readonly name: string;
  readonly expression: string;
  readonly ast: NativeAst;
}

/**
 * `dataSchema.transformSpec`: expression transforms, then a filter over the transformed row. Transforms
 * read the input row only (not each other); one named `__time` replaces the primary timestamp.
 */
export interface TransformSpec {
  readonly transforms: readonly Transform[];
  readonly filter: NativeFilter | null;
  /** The spec as Druid echoes it. */
  readonly json: Readonly<Record<string, unknown>>;
}

const schema = z.object({
  transforms: z
    .array(
      z.object({
        type: z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') }),
        name: z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') }).min(1, { message: 'must not be empty' }),
        expression: z.string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') }),
      }),
    )
    .nullish(),
  filter: z.unknown().optional(),
});

/** Parses `dataSchema.transformSpec` (absent: no transforms, no filter). */
export function parseTransformSpec(value: unknown, path: SpecPath): TransformSpec {
  const spec = parseWith(schema, value ?? {}, path);
  const transforms: Transform[] = [];
  const seen = new Set<string>();
  (spec.transforms ?? []).forEach((t, i) => {
    const at = [...path, 'transforms', i];
    if (t.type !== 'expression') throw specError([...at, 'type'], `unknown transform type [${t.type}]; supported types are [expression]`);
    if (seen.has(t.name)) throw specError([...at, 'name'], `Transform name '${t.name}' cannot be used twice`);
    seen.add(t.name);
    transforms.push({ name: t.name, expression: t.expression, ast: withPath([...at, 'expression'], () => parseNativeAst(t.expression)) });
  });
  const filter = spec.filter == null ? null : parseNativeFilter(spec.filter, [...path, 'filter']);
  return {
    transforms,
    filter,
    json: { filter: spec.filter ?? null, transforms: transforms.map((t) => ({ type: 'expression', name: t.name, expression: t.expression })) },
  };
}
