import type { ColumnType, RowSignature } from '@silt/common';
import { DruidError } from '@silt/common';
import type { Expr } from '@silt/expr';
import { expect } from 'vitest';
import { isIngest, planSql, type Catalog, type LogicalPlan, type PlannedIngest, type PlannedSelect, type PlannedStatement, type SqlEngine, type SqlParameter } from '../src/index.ts';

const col = (name: string, type: ColumnType) => ({ name, type });

/** The Druid tutorial's `wikipedia` datasource (a subset of its columns) and a small `kttm` table. */
export const TABLES: Record<string, RowSignature> = {
  wikipedia: [
    col('__time', 'LONG'),
    col('channel', 'STRING'),
    col('cityName', 'STRING'),
    col('countryName', 'STRING'),
    col('isRobot', 'STRING'),
    col('page', 'STRING'),
    col('user', 'STRING'),
    col('added', 'LONG'),
    col('deleted', 'LONG'),
    col('delta', 'LONG'),
    col('ratio', 'DOUBLE'),
    col('weight', 'FLOAT'),
  ],
  kttm: [col('__time', 'LONG'), col('session', 'STRING'), col('number', 'LONG')],
};

/** A catalog over {@link TABLES}. */
export const catalog: Catalog = { tableSignature: (name) => TABLES[name] };

/** The EXTERN of the Druid docs' INSERT example. */
export const WIKIPEDIA_EXTERN =
  `TABLE(EXTERN('{"type":"http","uris":["https://druid.apache.org/data/wikipedia.json.gz"]}', '{"type":"json"}', ` +
  `'[{"name":"added","type":"long"},{"name":"channel","type":"string"},{"name":"cityName","type":"string"},` +
  `{"name":"comment","type":"string"},{"name":"delta","type":"long"},{"name":"page","type":"string"},` +
  `{"name":"timestamp","type":"string"},{"name":"user","type":"string"}]'))`;

/** How a test plans: the request's context and parameters, and the SQL engine (default `msq-task`). */
export interface PlanOptions {
  readonly context?: Record<string, unknown>;
  readonly parameters?: SqlParameter[];
  readonly engine?: SqlEngine;
}

/** Plans a statement against {@link catalog}. */
export function plan(query: string, { engine = 'msq-task', ...request }: PlanOptions = {}): PlannedStatement {
  return planSql({ query, ...request }, catalog, engine);
}

/** Plans a statement that must be a SELECT. */
export function planSelect(query: string, options: PlanOptions = {}): PlannedSelect {
  const planned = plan(query, options);
  if (planned.kind !== 'select') throw new Error(`expected a SELECT, got ${planned.kind}`);
  return planned;
}

/** Plans a statement that must be an INSERT or REPLACE. */
export function planIngest(query: string, options: PlanOptions = {}): PlannedIngest {
  const planned = plan(query, options);
  if (!isIngest(planned)) throw new Error(`expected an INSERT or REPLACE, got ${planned.kind}`);
  return planned;
}

/** The DruidError planning `query` throws (failing the test if it plans). */
export function planError(query: string, options: PlanOptions = {}): DruidError {
  try {
    plan(query, options);
  } catch (error) {
    expect(error).toBeInstanceOf(DruidError);
    const druidError = error as DruidError;
    expect(druidError.status).toBe(400);
    return druidError;
  }
  throw new Error(`expected planning to fail: ${query}`);
}

/** The plan's nodes from the top down, following `input`. */
export function chain(root: LogicalPlan): LogicalPlan[] {
  const out: LogicalPlan[] = [root];
  let node: LogicalPlan = root;
  while ('input' in node) {
    node = node.input;
    out.push(node);
  }
  return out;
}

/** The kinds of the plan's nodes from the top down. */
export function shape(root: LogicalPlan): string[] {
  return chain(root).map((n) => n.kind);
}

/** Compact text of an expression: `$col`, JSON literals, `FN(args)`. */
export function render(expr: Expr): string {
  if (expr.kind === 'column') return `$${expr.name}`;
  if (expr.kind === 'literal') return JSON.stringify(expr.value);
  return `${expr.fn}(${expr.args.map(render).join(', ')})`;
}

/** `name: TYPE` pairs of a signature. */
export function signatureOf(node: LogicalPlan): string[] {
  return node.signature.map((c) => `${c.name}:${c.type}`);
}

/** The node of the given kind nearest the top. */
export function find<K extends LogicalPlan['kind']>(root: LogicalPlan, kind: K): Extract<LogicalPlan, { kind: K }> {
  const node = chain(root).find((n) => n.kind === kind);
  if (!node) throw new Error(`no ${kind} node in ${shape(root).join(' > ')}`);
  return node as Extract<LogicalPlan, { kind: K }>;
}
