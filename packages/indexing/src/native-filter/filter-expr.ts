import { isNumericType, type RowSignature } from '@silt/common';
import { call, columnRef, type Expr, literal } from '@silt/expr';
import { asNumeric, asString, castTo } from '../native-expr/native-typing.ts';
import { type NativeScope, translateNativeCondition } from '../native-expr/native-translate.ts';
import type { SpecPath } from '../spec-error.ts';
import { type NativeFilter, parseNativeFilter } from './filter-spec.ts';

/**
 * Translates a validated native filter to a boolean expression (1/0/NULL; a row is kept when it is 1),
 * reading columns through `scope`. Semantics follow Druid's SQL-compatible mode: comparisons with a
 * NULL value are unknown, so `not` does not match NULL rows, and only `null`, `selector` with a null
 * value, `in` with a null value and `columnComparison` match NULLs.
 * - `selector` / `in` / `equals`: numeric columns compare numerically with values that parse as
 *   numbers; otherwise values compare as strings.
 * - `bound`: `lexicographic` compares strings, `numeric` compares numbers; `range` compares in its
 *   `matchValueType`. Strict bounds / open ends use `<` and `>`.
 * - `interval`: the column as a number within any `[start, end)`.
 */
export function nativeFilterToExpr(filter: NativeFilter, scope: NativeScope): Expr {
  const col = (name: string): Expr => scope(name).expr;
  switch (filter.type) {
    case 'selector':
      return filter.value === null ? isNull(col(filter.dimension)) : equalsValue(col(filter.dimension), filter.value);
    case 'equals': {
      const c = col(filter.column);
      if (filter.matchValueType === 'STRING') return call('=', [asString(c), literal(String(filter.matchValue), 'STRING')], 'LONG');
      const n = Number(filter.matchValue);
      return Number.isFinite(n) ? call('=', [asNumeric(c), numberLiteral(n)], 'LONG') : literal(0, 'LONG');
    }
    case 'in':
      return inValues(col(filter.dimension), filter.values);
    case 'bound': {
      const c = filter.ordering === 'numeric' ? asNumeric(col(filter.dimension)) : asString(col(filter.dimension));
      const bound = (v: string): Expr => (filter.ordering === 'numeric' ? numberLiteral(Number(v)) : literal(v, 'STRING'));
      return rangeExpr(c, filter.lower === null ? null : bound(filter.lower), filter.upper === null ? null : bound(filter.upper), filter.lowerStrict, filter.upperStrict);
    }
    case 'range': {
      const numeric = filter.matchValueType !== 'STRING';
      const c = numeric ? asNumeric(col(filter.column)) : asString(col(filter.column));
      const bound = (v: string | number | null): Expr | null => (v === null ? null : numeric ? numberLiteral(Number(v)) : literal(String(v), 'STRING'));
      return rangeExpr(c, bound(filter.lower), bound(filter.upper), filter.lowerOpen, filter.upperOpen);
    }
    case 'like': {
      const args = [asString(col(filter.dimension)), literal(filter.pattern, 'STRING')];
      return call('LIKE', filter.escape === null ? args : [...args, literal(filter.escape, 'STRING')], 'LONG');
    }
    case 'regex':
      return call('REGEXP_LIKE', [asString(col(filter.dimension)), literal(filter.pattern, 'STRING')], 'LONG');
    case 'search': {
      const value = asString(col(filter.dimension));
      const fold = (e: Expr): Expr => (filter.caseSensitive ? e : call('LOWER', [e], 'STRING'));
      return all(filter.values.map((v) => call('CONTAINS_STRING', [fold(value), fold(literal(v, 'STRING'))], 'LONG')), 'AND');
    }
    case 'null':
      return isNull(col(filter.column));
    case 'and':
    case 'or':
      return all(
        filter.fields.map((f) => nativeFilterToExpr(f, scope)),
        filter.type === 'and' ? 'AND' : 'OR',
      );
    case 'not':
      return call('NOT', [nativeFilterToExpr(filter.field, scope)], 'LONG');
    case 'expression':
      return translateNativeCondition(filter.ast, scope);
    case 'true':
      return literal(1, 'LONG');
    case 'false':
      return literal(0, 'LONG');
    case 'interval': {
      const c = asNumeric(col(filter.dimension));
      return all(
        filter.intervals.map((iv) => rangeExpr(c, literal(iv.start, 'LONG'), literal(iv.end, 'LONG'), false, true)),
        'OR',
      );
    }
    case 'columnComparison': {
      const values = filter.dimensions.map((d) => asString(col(d)));
      return all(
        values.slice(1).map((v, i) => call('IS NOT DISTINCT FROM', [values[i]!, v], 'LONG')),
        'AND',
      );
    }
  }
}

/**
 * Parses a native filter (Druid's JSON) and translates it over a frame signature: every column reads
 * the signature's column of that name with its type (a name the signature lacks reads as NULL).
 *
 * @example
 * nativeFilterToPredicate({ type: 'selector', dimension: 'country', value: 'US' }, [{ name: 'country', type: 'STRING' }]);
 */
export function nativeFilterToPredicate(json: unknown, signature: RowSignature, path: SpecPath = ['filter']): Expr {
  const types = new Map(signature.map((c) => [c.name, c.type]));
  return nativeFilterToExpr(parseNativeFilter(json, path), (name) => {
    const type = types.get(name);
    return { expr: type ? columnRef(name, type) : literal(null, 'STRING'), untyped: false };
  });
}

function numberLiteral(n: number): Expr {
  return literal(n, Number.isInteger(n) ? 'LONG' : 'DOUBLE');
}

function isNull(e: Expr): Expr {
  return call('IS NULL', [e], 'LONG');
}

function all(parts: readonly Expr[], fn: 'AND' | 'OR'): Expr {
  return parts.length === 1 ? parts[0]! : call(fn, parts, 'LONG');
}

/** `column = value`: numerically for a numeric column and a numeric value, else as strings. */
function equalsValue(column: Expr, value: string): Expr {
  const n = Number(value);
  if (isNumericType(column.type) && value.trim() !== '' && Number.isFinite(n)) return call('=', [column, numberLiteral(n)], 'LONG');
  return call('=', [asString(column), literal(value, 'STRING')], 'LONG');
}

function inValues(column: Expr, values: readonly (string | null)[]): Expr {
  const present = values.filter((v): v is string => v !== null);
  const matchesNull = present.length < values.length;
  const numeric = isNumericType(column.type);
  const items = present.flatMap((v) => {
    const n = Number(v);
    if (!numeric) return [literal(v, 'STRING')];
    return v.trim() !== '' && Number.isFinite(n) ? [numberLiteral(n)] : [];
  });
  const parts: Expr[] = [];
  if (items.length > 0) parts.push(call('IN', [numeric ? column : castTo(column, 'STRING'), ...items], 'LONG'));
  if (matchesNull) parts.push(isNull(column));
  return parts.length === 0 ? literal(0, 'LONG') : all(parts, 'OR');
}

function rangeExpr(value: Expr, lower: Expr | null, upper: Expr | null, lowerOpen: boolean, upperOpen: boolean): Expr {
  const parts: Expr[] = [];
  if (lower) parts.push(call(lowerOpen ? '>' : '>=', [value, lower], 'LONG'));
  if (upper) parts.push(call(upperOpen ? '<' : '<=', [value, upper], 'LONG'));
  return all(parts, 'AND');
}
