import { isNumericType, parseInstant, type ColumnType } from '@silt/common';
import { call, literal, type Expr } from '@silt/expr';
import {
  SqlBetweenPart,
  SqlCase,
  SqlColumn,
  SqlComparison,
  SqlFunction,
  SqlLikePart,
  SqlLiteral,
  SqlMulti,
  SqlRecord,
  SqlUnary,
  type SqlBase,
  type SqlExpression,
} from 'druid-query-toolkit';
import { convertFunction } from './convert-function.ts';
import { allTimestamps, isNullLiteral } from './function-registry.ts';
import { intervalLength, shiftTimestamp } from './interval-literal.ts';
import type { ParameterBindings } from './parameters.ts';
import type { PlannerOptions } from './planner-options.ts';
import type { Scope } from './scope.ts';
import type { SqlSource } from './sql-source.ts';
import { arithmeticType, isTimestamp, leastRestrictiveInput, leastRestrictiveType, markTimestamp } from './sql-types.ts';

/** What converting an expression needs to know. */
export interface ConvertContext {
  /** The columns the expression may read. */
  readonly scope: Scope;
  readonly source: SqlSource;
  readonly params: ParameterBindings;
  /** Context settings that change planning (COUNT DISTINCT, finalization). */
  readonly options: PlannerOptions;
  /** The clause being converted (`WHERE`, `GROUP BY` …), named in errors about misplaced aggregates. */
  readonly clause: string;
  /**
   * Post-aggregation hook, called on every node before it is converted: it may return the
   * replacement for an aggregate call or a grouped expression, or throw for an ungrouped column.
   */
  readonly intercept?: (node: SqlExpression) => Expr | undefined;
}

/**
 * Converts a toolkit expression into the typed expression IR: resolves columns against the scope,
 * binds `?` parameters, maps operators and functions to the evaluator's names and types every node.
 */
export function convertExpression(node: SqlExpression, ctx: ConvertContext): Expr {
  const replaced = ctx.intercept?.(node);
  if (replaced) return replaced;
  if (node instanceof SqlLiteral) return convertLiteral(node, ctx.source);
  if (node instanceof SqlColumn) return ctx.scope.resolve(node, ctx.source);
  if (node instanceof SqlMulti) return convertMulti(node, ctx);
  if (node instanceof SqlComparison) return convertComparison(node, ctx);
  if (node instanceof SqlUnary) return convertUnary(node, ctx);
  if (node instanceof SqlCase) return convertCase(node, ctx);
  if (node instanceof SqlFunction) return convertFunction(node, ctx, (arg) => convertExpression(arg, ctx));
  switch (node.type) {
    case 'placeholder': {
      const bound = ctx.params.get(node);
      if (!bound) throw ctx.source.errorAt('Unbound dynamic parameter', node);
      return bound;
    }
    case 'alias':
      throw ctx.source.errorAt(`Alias [${node.toString()}] is not allowed here`, node);
    case 'interval':
      throw ctx.source.errorAt(`An INTERVAL literal is only supported added to or subtracted from a TIMESTAMP: [${node.toString()}]`, node);
    case 'query':
      throw ctx.source.errorAt('Subqueries in expressions are not supported yet', node);
    case 'star':
      throw ctx.source.errorAt('Unknown identifier \'*\'', node);
    default:
      throw ctx.source.errorAt(`Unsupported expression [${node.toString()}]`, node);
  }
}

/** Converts a literal: integers are LONG, decimals DOUBLE, TIMESTAMP '…' LONG millis, booleans 1/0, NULL a STRING null. */
function convertLiteral(node: SqlLiteral, source: SqlSource): Expr {
  const { value } = node;
  if (value === null) return literal(null, 'STRING');
  if (typeof value === 'boolean') return literal(value ? 1 : 0, 'LONG');
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      const keyword = (node.keywords['timestamp'] ?? 'TIMESTAMP').toUpperCase();
      const format = keyword === 'DATE' ? 'yyyy-MM-dd' : 'yyyy-MM-dd HH:mm:ss';
      throw source.errorAt(`Illegal ${keyword} literal ${node.stringValue ?? ''}: not in format '${format}'`, node);
    }
    return markTimestamp(literal(value.getTime(), 'LONG'));
  }
  if (typeof value === 'bigint') throw source.errorAt(`Numeric literal '${node.stringValue ?? String(value)}' out of range`, node);
  if (typeof value === 'number') return literal(value, /[.eE]/.test(node.stringValue ?? '') || !Number.isInteger(value) ? 'DOUBLE' : 'LONG');
  return literal(value, 'STRING');
}

/** Whether a literal is a bare keyword (`DAY` in `FLOOR(x TO DAY)`) rather than a quoted string. */
export function isKeywordLiteral(node: SqlBase): boolean {
  return node instanceof SqlLiteral && typeof node.value === 'string' && !/^(?:U&)?'/i.test(node.stringValue ?? "'");
}

function binary(fn: string, args: readonly Expr[], type: (a: Expr, b: Expr) => ColumnType): Expr {
  return args.slice(1).reduce((left, right) => call(fn, [left, right], type(left, right)), args[0]!);
}

function convertMulti(node: SqlMulti, ctx: ConvertContext): Expr {
  const nodes = node.getArgArray();
  if ((node.op === '+' || node.op === '-') && nodes.some(isInterval)) return convertTimeArithmetic(node, nodes, ctx);
  const args = nodes.map((a) => convertExpression(a, ctx));
  switch (node.op) {
    case 'AND':
    case 'OR':
      return binary(node.op, args, () => 'LONG');
    case '||':
      return binary('||', args, () => 'STRING');
    default:
      return binary(node.op, args, (a, b) => arithmeticType([a.type, b.type]));
  }
}

const isInterval = (node: SqlExpression): node is SqlExpression & { intervalValue: unknown; unit: string } => node.type === 'interval';

/** `timestamp ± INTERVAL … ± …`, left to right (`INTERVAL … + timestamp` too). */
function convertTimeArithmetic(node: SqlMulti, nodes: readonly SqlExpression[], ctx: ConvertContext): Expr {
  const timestampFirst = !isInterval(nodes[0]!);
  if (!timestampFirst && (node.op !== '+' || nodes.length !== 2 || isInterval(nodes[1]!))) {
    throw ctx.source.errorAt(`Cannot apply '${node.op}' to an INTERVAL on its left: [${node.toString()}]`, node);
  }
  const [start, ...rest] = timestampFirst ? nodes : [nodes[1]!, nodes[0]!];
  let result = convertExpression(start!, ctx);
  for (const next of rest) {
    if (!isInterval(next)) throw ctx.source.errorAt(`Cannot mix INTERVAL and non-INTERVAL operands of '${node.op}': [${node.toString()}]`, node);
    result = shiftTimestamp(result, intervalLength(next, ctx.source), node.op === '-' ? -1 : 1, ctx.source, node);
  }
  return result;
}

/**
 * Calcite's implicit casts for a comparison: a string literal compared with a timestamp becomes a
 * TIMESTAMP literal, one compared with a number becomes a number when it reads as one.
 */
export function coerceOperand(operand: Expr, other: Expr, source: SqlSource): Expr {
  if (operand.kind !== 'literal' || operand.type !== 'STRING' || typeof operand.value !== 'string') return operand;
  if (isTimestamp(other)) {
    try {
      return markTimestamp(literal(parseInstant(operand.value), 'LONG'));
    } catch {
      throw source.errorAt(`Illegal TIMESTAMP literal '${operand.value}': not in format 'yyyy-MM-dd HH:mm:ss'`, `'${operand.value.replace(/'/g, "''")}'`);
    }
  }
  if (isNumericType(other.type) && operand.value.trim() !== '' && Number.isFinite(Number(operand.value))) {
    const n = Number(operand.value);
    return literal(n, Number.isInteger(n) && other.type === 'LONG' ? 'LONG' : 'DOUBLE');
  }
  return operand;
}

/**
 * A comparison operand, with Calcite's implicit casts: those of {@link coerceOperand}, and a VARCHAR
 * expression compared with a TIMESTAMP is cast to TIMESTAMP (parsed as Druid's CAST does).
 */
function comparisonOperand(operand: Expr, other: Expr, source: SqlSource): Expr {
  if (operand.kind !== 'literal' && operand.type === 'STRING' && isTimestamp(other)) return markTimestamp(call('TIME_PARSE', [operand], 'LONG'));
  return coerceOperand(operand, other, source);
}

const not = (e: Expr): Expr => call('NOT', [e], 'LONG');

function convertComparison(node: SqlComparison, ctx: ConvertContext): Expr {
  const lhs = convertExpression(node.lhs, ctx);
  const rhsNode = node.rhs;
  if (node.decorator) throw ctx.source.errorAt(`Comparisons with ${node.decorator} are not supported yet`, node);
  switch (node.op) {
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=':
    case 'IS DISTINCT FROM':
    case 'IS NOT DISTINCT FROM': {
      const rhs = convertExpression(rhsNode as SqlExpression, ctx);
      return call(node.op, [comparisonOperand(lhs, rhs, ctx.source), comparisonOperand(rhs, lhs, ctx.source)], 'LONG');
    }
    case 'IS':
    case 'IS NOT': {
      const value = rhsNode instanceof SqlLiteral ? rhsNode.value : undefined;
      const suffix = value === null ? 'NULL' : value === true ? 'TRUE' : value === false ? 'FALSE' : undefined;
      if (!suffix) throw ctx.source.errorAt(`Unsupported expression [${node.toString()}]`, node);
      return call(`${node.op} ${suffix}`, [lhs], 'LONG');
    }
    case 'IN':
    case 'NOT IN': {
      if (!(rhsNode instanceof SqlRecord)) throw ctx.source.errorAt('IN with a subquery is not supported yet', node);
      const values = (rhsNode.expressions?.values ?? []).map((v) => coerceOperand(convertExpression(v, ctx), lhs, ctx.source));
      const inCall = call('IN', [lhs, ...values], 'LONG');
      return node.op === 'IN' ? inCall : not(inCall);
    }
    case 'LIKE':
    case 'NOT LIKE': {
      const args =
        rhsNode instanceof SqlLikePart
          ? [lhs, convertExpression(rhsNode.like, ctx), convertExpression(rhsNode.escape, ctx)]
          : [lhs, convertExpression(rhsNode as SqlExpression, ctx)];
      const likeCall = call('LIKE', args, 'LONG');
      return node.op === 'LIKE' ? likeCall : not(likeCall);
    }
    case 'BETWEEN':
    case 'NOT BETWEEN': {
      if (!(rhsNode instanceof SqlBetweenPart)) throw ctx.source.errorAt(`Unsupported expression [${node.toString()}]`, node);
      let low = coerceOperand(convertExpression(rhsNode.start, ctx), lhs, ctx.source);
      let high = coerceOperand(convertExpression(rhsNode.end, ctx), lhs, ctx.source);
      if (rhsNode.symmetric) {
        const type = leastRestrictiveType([low, high].map(leastRestrictiveInput));
        [low, high] = [call('LEAST', [low, high], type), call('GREATEST', [low, high], type)];
      }
      const bound = isTimestamp(low) ? low : high;
      const between = call('BETWEEN', [comparisonOperand(lhs, bound, ctx.source), low, high], 'LONG');
      return node.op === 'BETWEEN' ? between : not(between);
    }
  }
}

function convertUnary(node: SqlUnary, ctx: ConvertContext): Expr {
  const arg = convertExpression(node.argument, ctx);
  if (node.op === 'NOT') return not(arg);
  if (node.op === '+') return arg;
  if (arg.kind === 'literal' && typeof arg.value === 'number') return literal(-arg.value, arg.type);
  return call('NEG', [arg], isNumericType(arg.type) ? arg.type : 'DOUBLE');
}

/**
 * Brings a branch value (CASE, COALESCE …) to the combined type: literals are re-typed (NULL keeps
 * being NULL, numbers become the wider number or their text), other expressions are CAST.
 */
export function coerceTo(expr: Expr, type: ColumnType): Expr {
  if (expr.type === type) return expr;
  if (expr.kind === 'literal') {
    if (expr.value === null) return literal(null, type);
    if (typeof expr.value === 'number' && isNumericType(type)) return literal(expr.value, type);
    if (type === 'STRING') return literal(String(expr.value), 'STRING');
  }
  return call('CAST', [expr], type);
}

function convertCase(node: SqlCase, ctx: ConvertContext): Expr {
  const parts = node.whenThenParts.values;
  const thens = parts.map((p) => convertExpression(p.thenExpression, ctx));
  const elseExpr = node.elseExpression ? convertExpression(node.elseExpression, ctx) : undefined;
  const branches = elseExpr ? [...thens, elseExpr] : thens;
  const type = leastRestrictiveType(branches.filter((b) => !isNullLiteral(b)).map(leastRestrictiveInput));
  const args: Expr[] = [];
  let fn = 'CASE';
  if (node.caseExpression) {
    fn = 'CASE_SIMPLE';
    const value = convertExpression(node.caseExpression, ctx);
    args.push(value);
    parts.forEach((p, i) => {
      for (const when of p.whenExpressions.values) args.push(coerceOperand(convertExpression(when, ctx), value, ctx.source), coerceTo(thens[i]!, type));
    });
  } else {
    parts.forEach((p, i) => {
      const whens = p.whenExpressions.values;
      if (whens.length !== 1) throw ctx.source.errorAt('A searched CASE takes one condition per WHEN', p);
      args.push(convertExpression(whens[0]!, ctx), coerceTo(thens[i]!, type));
    });
  }
  if (elseExpr) args.push(coerceTo(elseExpr, type));
  const result = call(fn, args, type);
  return allTimestamps(branches) ? markTimestamp(result) : result;
}
