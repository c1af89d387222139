import { call, literal, type Expr } from '@silt/expr';
import type { SqlExpression, SqlFunction, SqlLiteral } from 'druid-query-toolkit';
import { coerceOperand, coerceTo, isKeywordLiteral, type ConvertContext } from './expression-converter.ts';
import { AGGREGATE_FUNCTIONS, allTimestamps, elementOf, resultType, SCALAR_FUNCTIONS } from './function-registry.ts';
import { castTarget, isTimestamp, markTimestamp, signatureTypeName } from './sql-types.ts';

/** Units of `FLOOR(x TO unit)` / `CEIL(x TO unit)`. */
const TIME_UNITS = new Set(['SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR']);

/** Units of `EXTRACT(unit FROM x)`, as TIME_EXTRACT takes them. */
const EXTRACT_UNITS = new Set([
  'EPOCH', 'MICROSECOND', 'MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'DOW', 'ISODOW', 'DOY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR',
  'ISOYEAR', 'DECADE', 'CENTURY', 'MILLENNIUM',
]);

/** The SQL string format CAST(timestamp AS VARCHAR) produces. */
const SQL_TIMESTAMP_FORMAT = 'yyyy-MM-dd HH:mm:ss';

type ConvertArg = (node: SqlExpression) => Expr;

/** Converts a (non-aggregate) function call, with the special syntaxes CAST, FLOOR/CEIL … TO, EXTRACT, TRIM and POSITION. */
export function convertFunction(node: SqlFunction, ctx: ConvertContext, convertArg: ConvertArg): Expr {
  const name = node.getEffectiveFunctionName().toUpperCase();
  const argNodes = node.args?.values ?? [];
  if (node.windowSpec) throw ctx.source.errorAt(`Window functions are not supported yet: [${node.toString()}]`, node);
  if (AGGREGATE_FUNCTIONS.has(name)) {
    throw ctx.source.errorAt(ctx.clause === 'aggregate' ? 'Aggregate expressions cannot be nested' : `Aggregate expression is illegal in ${ctx.clause} clause`, node);
  }
  for (const arg of argNodes) {
    if (arg.type === 'star') throw ctx.source.errorAt(`Unknown identifier '*' in ${name}`, node);
    if (arg.type === 'labeledExpression') throw ctx.source.errorAt(`Named arguments are not supported by function '${name}'`, node);
  }
  switch (name) {
    case 'CAST':
      return convertCast(node, ctx, convertArg);
    case 'FLOOR':
    case 'CEIL':
      if (separator(node, 0) === 'TO') return convertTimeFloor(node, name, ctx, convertArg);
      break;
    case 'EXTRACT':
      return convertExtract(node, ctx, convertArg);
    case 'TRIM':
      if (node.decorator || separator(node, 0) === 'FROM') return convertTrim(node, ctx, convertArg);
      break;
    case 'POSITION':
      if (argNodes.length === 2) {
        const [needle, haystack] = argNodes.map(convertArg) as [Expr, Expr];
        return call('STRPOS', [haystack, needle], 'LONG');
      }
      break;
    case 'JSON_VALUE':
      if (argNodes[2]?.type === 'type') return convertJsonValueReturning(node, ctx, convertArg);
      break;
    case 'TABLE':
    case 'EXTERN':
    case 'UNNEST':
      throw ctx.source.errorAt(`Table function [${name}] can only be used in the FROM clause`, node);
  }
  const fn = SCALAR_FUNCTIONS[name];
  const args = argNodes.map(convertArg);
  if (!fn) throw ctx.source.errorAt(`No match found for function signature ${name}(${args.map(signatureTypeName).join(', ')})`, node);
  if (args.length < fn.minArgs || args.length > fn.maxArgs) {
    const expecting = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
    throw ctx.source.errorAt(`Invalid number of arguments to function '${name}'. Was expecting ${expecting} arguments`, node);
  }
  let typedArgs = args.map((a, i) => (fn.timestampArgs?.includes(i) ? timestampArg(a, ctx) : a));
  const type = resultType(fn.returns, typedArgs);
  const combines = fn.returns === 'common' || fn.returns === 'reduction';
  if (combines) typedArgs = typedArgs.map((a) => coerceTo(a, type));
  if (fn.returns === 'array') typedArgs = typedArgs.map((a) => coerceTo(a, elementOf(type)));
  const result = call(fn.fn ?? name, typedArgs, type);
  const first = typedArgs[0];
  const timestamp = fn.timestamp || (combines && allTimestamps(typedArgs)) || (fn.returns === 'arg0' && !!first && isTimestamp(first));
  return timestamp ? markTimestamp(result) : result;
}

/** The text of the separator after argument `i` (`,`, `TO`, `FROM` …), upper-cased. */
function separator(node: SqlFunction, i: number): string | undefined {
  const sep = node.args?.separators[i];
  if (sep === undefined) return undefined;
  return (typeof sep === 'string' ? sep : sep.separator).trim().toUpperCase();
}

function keyword(node: SqlExpression | undefined): string | undefined {
  return node && isKeywordLiteral(node) ? String((node as SqlLiteral).value).toUpperCase() : undefined;
}

/** A timestamp argument: a string literal there is read as a TIMESTAMP literal. */
function timestampArg(expr: Expr, ctx: ConvertContext): Expr {
  return coerceOperand(expr, markTimestamp(literal(0, 'LONG')), ctx.source);
}

function convertCast(node: SqlFunction, ctx: ConvertContext, convertArg: ConvertArg): Expr {
  const [valueNode, typeNode] = node.args?.values ?? [];
  const typeName = typeNode?.type === 'type' ? (typeNode as unknown as { value: string }).value : undefined;
  if (!valueNode || typeName === undefined) throw ctx.source.errorAt(`Invalid CAST [${node.toString()}]`, node);
  const target = castTarget(typeName);
  if (!target) throw ctx.source.errorAt(`Unknown datatype name '${typeName}'`, node);
  const value = convertArg(valueNode);
  if (target.timestamp) {
    let millis: Expr;
    if (value.type === 'STRING') millis = call('TIME_PARSE', [value], 'LONG');
    else if (isTimestamp(value)) millis = value;
    else millis = call('CAST', [value], 'LONG');
    if (target.date) millis = call('FLOOR_TIME', [millis, literal('DAY', 'STRING')], 'LONG');
    return markTimestamp(millis);
  }
  if (target.type === 'STRING' && isTimestamp(value)) {
    return call('TIME_FORMAT', [value, literal(SQL_TIMESTAMP_FORMAT, 'STRING')], 'STRING');
  }
  return call('CAST', [value], target.type);
}

/** `JSON_VALUE(expr, path RETURNING type)`: the IR call's type is the requested type. */
function convertJsonValueReturning(node: SqlFunction, ctx: ConvertContext, convertArg: ConvertArg): Expr {
  const [valueNode, pathNode, typeNode] = node.args!.values;
  const typeName = (typeNode as unknown as { value: string }).value;
  const target = castTarget(typeName);
  if (!target) throw ctx.source.errorAt(`Unknown datatype name '${typeName}'`, node);
  const result = call('JSON_VALUE', [convertArg(valueNode!), convertArg(pathNode!)], target.type);
  return target.timestamp ? markTimestamp(result) : result;
}

function convertTimeFloor(node: SqlFunction, name: 'FLOOR' | 'CEIL', ctx: ConvertContext, convertArg: ConvertArg): Expr {
  const [valueNode, unitNode] = node.args?.values ?? [];
  const unit = keyword(unitNode);
  if (!valueNode || !unit || !TIME_UNITS.has(unit)) throw ctx.source.errorAt(`Invalid time unit in [${node.toString()}]`, node);
  const value = timestampArg(convertArg(valueNode), ctx);
  return markTimestamp(call(`${name}_TIME`, [value, literal(unit, 'STRING')], 'LONG'));
}

function convertExtract(node: SqlFunction, ctx: ConvertContext, convertArg: ConvertArg): Expr {
  const [unitNode, valueNode] = node.args?.values ?? [];
  const unit = keyword(unitNode);
  if (!valueNode || !unit || !EXTRACT_UNITS.has(unit)) throw ctx.source.errorAt(`Invalid time unit in [${node.toString()}]`, node);
  return call('TIME_EXTRACT', [timestampArg(convertArg(valueNode), ctx), literal(unit, 'STRING')], 'LONG');
}

function convertTrim(node: SqlFunction, ctx: ConvertContext, convertArg: ConvertArg): Expr {
  const args = (node.args?.values ?? []).map(convertArg);
  const value = args[args.length - 1];
  if (!value || args.length > 2) throw ctx.source.errorAt(`Invalid TRIM [${node.toString()}]`, node);
  const chars = args.length === 2 ? args[0]! : literal(' ', 'STRING');
  const side = (node.decorator ?? 'BOTH').toUpperCase();
  const fn = side === 'LEADING' ? 'LTRIM' : side === 'TRAILING' ? 'RTRIM' : 'BTRIM';
  return call(fn, [value, chars], 'STRING');
}
