import type { Call } from '../expr.ts';
import type { EvalContext } from '../eval-context.ts';
import { asNumber, asString } from '../values.ts';

/**
 * How a function treats a multi-value string argument (an argument typed STRING whose row holds an
 * array of strings):
 * - `map`: applied to each value (every combination when several arguments are multi-valued); a
 *   STRING result is the multi-value list of results, another result type is kept only when there
 *   was at most one combination (NULL otherwise).
 * - `any`: a predicate that holds when it holds for some value (`mv = 'x'`, LIKE, IN …).
 * - `all`: a predicate that holds when it holds for every value (`mv <> 'x'`, which is NOT (mv = 'x')).
 * - `raw`: the function receives the array itself (array, multi-value and JSON functions).
 */
export type MultiValueMode = 'map' | 'any' | 'all' | 'raw';

/**
 * One entry of the scalar function table: the per-row implementation used by the generic evaluation
 * path. `apply` receives the argument values of one row (number, string, null or an object value) and
 * the call node (for argument and result types); it returns the result value, which the evaluator
 * writes into a column of `call.type`.
 */
export interface ScalarFunction {
  /**
   * How many leading arguments make the result NULL when they are NULL, without calling `apply`
   * (`Infinity`: any argument; 0: `apply` sees NULLs itself).
   */
  readonly strict: number;
  readonly apply: (args: readonly unknown[], call: Call, ctx: EvalContext) => unknown;
  readonly multiValue: MultiValueMode;
}

/**
 * A scalar function that is NULL when any of its first `strict` arguments is NULL (all by default),
 * with the given multi-value behaviour (`map` by default).
 */
export function scalar(apply: ScalarFunction['apply'], strict = Number.POSITIVE_INFINITY, multiValue: MultiValueMode = 'map'): ScalarFunction {
  return { apply, strict, multiValue };
}

/** A function that takes arrays, multi-value strings or JSON values as they are (`raw` mode). */
export function rawScalar(apply: ScalarFunction['apply'], strict = Number.POSITIVE_INFINITY): ScalarFunction {
  return { apply, strict, multiValue: 'raw' };
}

/** Argument `i` of a row as a string (numbers print according to the argument's type). */
export function stringArg(args: readonly unknown[], call: Call, i: number): string | null {
  const v = args[i];
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : asString(v, call.args[i]!.type);
}

/** Argument `i` of a row as a number (strings parsed), or null. */
export function numberArg(args: readonly unknown[], i: number): number | null {
  const v = args[i];
  return typeof v === 'number' ? v : asNumber(v ?? null);
}

/** Argument `i` as an integer (truncated), or `dflt` when absent or NULL. */
export function intArg(args: readonly unknown[], i: number, dflt: number): number {
  const n = i < args.length ? numberArg(args, i) : null;
  return n === null ? dflt : Math.trunc(n);
}

/** A small bounded cache for compiled patterns (regexes, formats) keyed by their text. */
export class CompileCache<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly limit = 1000) {}
  get(key: string, compile: () => T): T {
    let v = this.map.get(key);
    if (v === undefined) {
      v = compile();
      if (this.map.size >= this.limit) this.map.clear();
      this.map.set(key, v);
    }
    return v;
  }
}
