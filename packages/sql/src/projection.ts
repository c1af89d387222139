import { DruidError } from '@silt/common';
import { columnRef, referencedColumns, type AggregateCall, type Expr } from '@silt/expr';
import { SqlColumn, SqlLiteral, SqlRecord, type SqlExpression, type SqlFunction, type SqlQuery } from 'druid-query-toolkit';
import { convertAggregateCall, intermediateType } from './aggregate-functions.ts';
import { convertExpression, type ConvertContext } from './expression-converter.ts';
import type { LogicalPlan } from './logical-plan.ts';
import { aggregateNode, filterNode } from './plan-nodes.ts';
import { containsAggregate, isAggregateCall, ordinalOf, type SelectItem } from './select-list.ts';
import { isTimestamp, markTimestamp } from './sql-types.ts';

/**
 * Converts expressions above a projection's input and builds that input. The simple projection reads
 * the filtered relation; the aggregate projection reads an AggregateNode (plus a HAVING filter).
 */
export interface Projection {
  /**
   * Converts an expression the SELECT list or ORDER BY computes over the projection's input. ORDER BY
   * expressions may also refer to output aliases.
   */
  convert(node: SqlExpression, clause: 'SELECT' | 'ORDER BY'): Expr;
  /**
   * The final output expressions, given the converted SELECT list: the same, except that with
   * `finalizeAggregations: false` a top-level output that is exactly an approximate sketch aggregate
   * (used nowhere else) keeps the aggregate's intermediate sketch type. Call after every conversion
   * and before `build`.
   */
  outputs(exprs: readonly Expr[]): Expr[];
  /** Whether the projection reads an aggregation. */
  readonly aggregated: boolean;
  /** The plan the final projection reads (call after every conversion). */
  build(): LogicalPlan;
}

/** A projection over the (filtered) input relation, for queries without aggregation. */
export function simpleProjection(input: LogicalPlan, items: readonly SelectItem[], ctx: ConvertContext): Projection {
  const orderContext: ConvertContext = {
    ...ctx,
    clause: 'ORDER BY',
    intercept: (node) => {
      const item = aliasedItem(node, items, ctx);
      return item ? convertExpression(item.node, ctx) : undefined;
    },
  };
  return { convert: (node, clause) => convertExpression(node, clause === 'SELECT' ? ctx : orderContext), outputs: (exprs) => [...exprs], aggregated: false, build: () => input };
}

/** The SELECT item an unqualified identifier names, when no input column has that name. */
function aliasedItem(node: SqlExpression, items: readonly SelectItem[], ctx: ConvertContext): SelectItem | undefined {
  if (!(node instanceof SqlColumn) || node.getTableName() !== undefined || ctx.scope.has(node)) return undefined;
  const item = items.find((i) => i.name === node.getName());
  return item && !(item.node instanceof SqlColumn && item.node.getName() === node.getName()) ? item : undefined;
}

interface Named<T> {
  readonly name: string;
  readonly key: string;
  value: T;
  readonly timestamp: boolean;
  /** How many expressions refer to it. */
  uses: number;
}

/** An aggregate projection; HAVING is converted after the SELECT list so aggregates are numbered in order of appearance. */
export interface AggregateProjection extends Projection {
  /** Converts the HAVING condition, filtering the aggregate's output. */
  having(node: SqlExpression): void;
}

/**
 * Plans GROUP BY and aggregation. Group keys are the GROUP BY expressions (ordinals and output aliases
 * resolve to SELECT items; `SELECT DISTINCT` groups by the whole list) named `d0, d1, …`; aggregate
 * calls found in SELECT, HAVING and ORDER BY become `a0, a1, …` (identical calls share one). Above
 * the aggregation an expression may only use group keys, aggregates and literals.
 */
export function aggregateProjection(query: SqlQuery, items: readonly SelectItem[], input: LogicalPlan, ctx: ConvertContext, topLevel: boolean): AggregateProjection {
  const { source, scope } = ctx;
  const groupByClause = query.groupByClause;
  const distinct = query.decorator === 'DISTINCT';
  if (distinct && groupByClause) throw source.errorAt('SELECT DISTINCT with GROUP BY is not supported yet', groupByClause);
  // GROUPING SETS lists sets of expressions (records like `(a, b)` or `()`): group by every expression named.
  const groupNodes = distinct
    ? items.map((i) => i.node)
    : (groupByClause?.expressions?.values ?? []).flatMap((n) => (n instanceof SqlRecord ? n.expressions?.values ?? [] : [n]));
  const groups: Named<Expr>[] = [];
  for (const groupNode of groupNodes) {
    const node = resolveGroupNode(groupNode, items, ctx);
    if (containsAggregate(node)) throw source.errorAt('Aggregate expression is illegal in GROUP BY clause', node);
    const expr = convertExpression(node, { ...ctx, clause: 'GROUP BY' });
    const key = JSON.stringify(expr);
    if (!groups.some((g) => g.key === key)) groups.push({ name: `d${groups.length}`, key, value: expr, timestamp: isTimestamp(expr), uses: 0 });
  }
  const aggregates: Named<AggregateCall>[] = [];
  let havingCondition: Expr | undefined;
  /** Whether a SELECT expression other than the bare key reads a group key (Druid: a post-aggregator). */
  let keysPostAggregated = false;

  const ref = (named: Named<unknown>, type: Expr['type']): Expr => {
    const r = columnRef(named.name, type);
    return named.timestamp ? markTimestamp(r) : r;
  };
  const groupRef = (expr: Expr): Expr | undefined => {
    const key = JSON.stringify(expr);
    const group = groups.find((g) => g.key === key);
    return group ? ref(group, group.value.type) : undefined;
  };
  const aggregateRef = (node: SqlFunction): Expr => {
    const converted = convertAggregateCall(node, { ...ctx, clause: 'aggregate' });
    const key = JSON.stringify(converted.call);
    let named = aggregates.find((a) => a.key === key);
    if (!named) {
      named = { name: `a${aggregates.length}`, key, value: converted.call, timestamp: converted.timestamp, uses: 0 };
      aggregates.push(named);
    }
    named.uses++;
    return ref(named, named.value.type);
  };

  const postAggregation = (clause: string, aliases: boolean): ConvertContext => {
    const post: ConvertContext = {
      ...ctx,
      clause,
      intercept: (node) => {
        if (isAggregateCall(node)) return aggregateRef(node);
        if (node instanceof SqlColumn) {
          if (scope.has(node)) {
            const grouped = groupRef(convertExpression(node, ctx));
            if (grouped) return grouped;
            throw source.errorAt(`Expression '${node.toString()}' is not being grouped`, node);
          }
          const item = aliases ? aliasedItem(node, items, ctx) : undefined;
          return item ? convertExpression(item.node, post) : undefined;
        }
        if (node instanceof SqlLiteral || node.type === 'placeholder' || containsAggregate(node)) return undefined;
        try {
          return groupRef(convertExpression(node, ctx));
        } catch (error) {
          if (error instanceof DruidError) return undefined;
          throw error;
        }
      },
    };
    return post;
  };
  const selectContext = postAggregation('SELECT', false);
  const orderContext = postAggregation('ORDER BY', true);

  return {
    convert: (node, clause) => convertExpression(node, clause === 'SELECT' ? selectContext : orderContext),
    aggregated: true,
    having(node) {
      havingCondition = convertExpression(node, postAggregation('HAVING', true));
    },
    outputs(exprs) {
      keysPostAggregated = exprs.some((e) => e.kind !== 'column' && groups.some((g) => referencedColumns(e).has(g.name)));
      if (ctx.options.finalizeAggregations || !topLevel) return [...exprs];
      return exprs.map((expr) => {
        const named = expr.kind === 'column' ? aggregates.find((a) => a.name === expr.name) : undefined;
        const intermediate = named && named.uses === 1 ? intermediateType(named.value) : undefined;
        if (!named || !intermediate) return expr;
        named.value = Object.freeze({ ...named.value, type: intermediate });
        return columnRef(named.name, intermediate);
      });
    },
    build() {
      const aggregate = aggregateNode(
        input,
        groups.map((g) => ({ name: g.name, expr: g.value })),
        aggregates.map((a) => ({ name: a.name, call: a.value })),
        groupByClause?.decorator,
        ctx.options.groupByEnableMultiValueUnnesting ? 'unnest' : keysPostAggregated ? 'failPostAggregated' : 'fail',
      );
      return havingCondition ? filterNode(aggregate, havingCondition) : aggregate;
    },
  };
}

/** A GROUP BY item: an ordinal or an output alias (when no input column has that name) stands for the SELECT item. */
function resolveGroupNode(node: SqlExpression, items: readonly SelectItem[], ctx: ConvertContext): SqlExpression {
  const ordinal = ordinalOf(node);
  if (ordinal !== undefined) {
    const item = items[ordinal - 1];
    if (!item) throw ctx.source.errorAt('Ordinal out of range', node);
    return item.node;
  }
  return aliasedItem(node, items, ctx)?.node ?? node;
}
