import { invalidInput } from '@silt/common';
import type { Expr } from '../expr.ts';
import { HLL_TARGET_TYPES } from './hll-sketch.ts';

/**
 * Validation of the sketch parameters Druid documents: HLL lgK in 4..21 and tgtHllType HLL_4 / HLL_6
 * / HLL_8 (defaults 12, HLL_4); theta size a power of 2 in 16..2^26 (default 16384); quantiles k a
 * power of 2 in 2..32768 (default 128). Parameters are literals.
 */

/** Default lgK of DS_HLL and APPROX_COUNT_DISTINCT_DS_HLL. */
export const DEFAULT_LG_K = 12;
/** lgK of APPROX_COUNT_DISTINCT_BUILTIN, sized like Druid's hyperUnique (2048 buckets). */
export const BUILTIN_LG_K = 11;
/** Default nominal entries of theta sketches. */
export const DEFAULT_THETA_SIZE = 16384;
/** Default k of quantiles sketches. */
export const DEFAULT_QUANTILES_K = 128;

/** The value of argument `i` of a function or aggregate, which must be a literal; `dflt` when absent or NULL. */
export function literalArg(fn: string, args: readonly Expr[], i: number, dflt: string | number): string | number {
  const arg = args[i];
  if (arg === undefined) return dflt;
  if (arg.kind !== 'literal') throw invalidInput(`Function [${fn}] needs a literal as argument ${i + 1}`);
  return arg.value ?? dflt;
}

const isPowerOf2 = (n: number): boolean => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

/** A valid lgK. */
export function checkLgK(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 4 || n > 21) throw invalidInput(`Invalid value of lgK [${String(value)}]: must be an integer between 4 and 21`);
  return n;
}

/** A valid tgtHllType, as 4, 6 or 8. */
export function checkHllType(value: unknown): number {
  const type = HLL_TARGET_TYPES[String(value)];
  if (type === undefined) throw invalidInput(`Invalid value of tgtHllType [${String(value)}]: must be one of HLL_4, HLL_6, HLL_8`);
  return type;
}

/** A valid theta sketch size (nominal entries). */
export function checkThetaSize(value: unknown): number {
  const n = Number(value);
  if (!isPowerOf2(n) || n < 16 || n > 2 ** 26) throw invalidInput(`Invalid theta sketch size [${String(value)}]: must be a power of 2 between 16 and 67108864`);
  return n;
}

/** A valid quantiles sketch k. */
export function checkQuantilesK(value: unknown): number {
  const n = Number(value);
  if (!isPowerOf2(n) || n < 2 || n > 32768) throw invalidInput(`Invalid quantiles sketch k [${String(value)}]: must be a power of 2 between 2 and 32768`);
  return n;
}
