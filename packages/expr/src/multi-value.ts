import type { Call } from './expr.ts';
import type { EvalContext } from './eval-context.ts';
import type { ScalarFunction } from './scalar/scalar-function.ts';
import { isTruthy } from './values.ts';

/**
 * Multi-value strings. A STRING row may hold several values; it is then held as a JS array of strings
 * (in an object column). A plain string is a row with one value, NULL and `[]` are rows with none.
 * Results of multi-value functions are normalized the same way: no values → NULL, one value → that
 * string, several → the array.
 */

/** The values of a multi-value (or array) row; NULL has none. */
export function rowValues(value: unknown): readonly unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** A multi-value row from its values: NULL for none, the value itself for one, else the array. */
export function multiValueRow(values: readonly unknown[]): unknown {
  if (values.length === 0) return null;
  if (values.length === 1) return values[0] ?? null;
  return values;
}

/**
 * Applies a scalar function to a row whose arguments at `multi` may hold multi-value arrays: once per
 * combination of their values (an empty row counts as one NULL), then folds the results by the
 * function's mode (see MultiValueMode).
 */
export function applyOverValues(fn: ScalarFunction, values: readonly unknown[], multi: readonly number[], call: Call, ctx: EvalContext): unknown {
  const lists = multi.map((j) => {
    const v = values[j];
    return Array.isArray(v) ? (v.length === 0 ? [null] : v) : [v ?? null];
  });
  const strict = Math.min(fn.strict, values.length);
  const args = [...values];
  const results: unknown[] = [];
  const combine = (k: number): void => {
    if (k === lists.length) {
      let isNull = false;
      for (let j = 0; j < strict; j++) if (args[j] === null || args[j] === undefined) isNull = true;
      results.push(isNull ? null : (fn.apply(args, call, ctx) ?? null));
      return;
    }
    for (const v of lists[k]!) {
      args[multi[k]!] = v ?? null;
      combine(k + 1);
    }
  };
  combine(0);
  switch (fn.multiValue) {
    case 'any':
      if (results.some((r) => r !== null && isTruthy(r))) return 1;
      return results.includes(null) ? null : 0;
    case 'all':
      if (results.some((r) => r !== null && !isTruthy(r))) return 0;
      return results.includes(null) ? null : 1;
    default:
      if (call.type === 'STRING') return multiValueRow(results);
      return results.length === 1 ? results[0] : null;
  }
}
