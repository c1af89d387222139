import { compareScalars, toLong } from '../values.ts';
import { type ScalarFunction, intArg, numberArg, scalar, stringArg } from './scalar-function.ts';

/**
 * Numeric functions, per row. NULL in gives NULL out, except GREATEST/LEAST, which skip NULL arguments
 * (NULL only when all are NULL).
 */

/**
 * Rounds `x` to `scale` decimal places on its shortest decimal form, as Java's
 * `BigDecimal.valueOf(x).setScale(scale, mode)` does: HALF_UP rounds halves away from zero, DOWN
 * truncates toward zero. Negative scales round to tens, hundreds, …
 *
 * @example roundDecimal(2.675, 2, 'HALF_UP') // 2.68
 */
export function roundDecimal(x: number, scale: number, mode: 'HALF_UP' | 'DOWN'): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const [mantissa, exponent] = x.toExponential().split('e') as [string, string];
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const keep = Number(exponent) + 1 + scale;
  if (keep >= digits.length) return x;
  let n = keep <= 0 ? 0n : BigInt(digits.slice(0, keep));
  const next = keep < 0 ? '0' : digits[keep]!;
  if (mode === 'HALF_UP' && next >= '5') n += 1n;
  const value = Number(`${n}e${-scale}`);
  return negative ? -value : value;
}

const unary = (f: (x: number) => number): ScalarFunction => scalar((args) => f(numberArg(args, 0)!));

function extreme(sign: 1 | -1): ScalarFunction {
  return scalar((args, call) => {
    let best: unknown = null;
    for (let i = 0; i < args.length; i++) {
      const v = call.type === 'STRING' ? stringArg(args, call, i) : numberArg(args, i);
      if (v !== null && (best === null || sign * compareScalars(v, best) > 0)) best = v;
    }
    return best;
  }, 0);
}

function round(args: readonly unknown[]): number {
  const x = numberArg(args, 0)!;
  return roundDecimal(x, intArg(args, 1, 0), 'HALF_UP');
}

function truncate(args: readonly unknown[]): number {
  const x = numberArg(args, 0)!;
  return roundDecimal(x, intArg(args, 1, 0), 'DOWN');
}

/** The numeric function table. */
export const NUMERIC_FUNCTIONS: Readonly<Record<string, ScalarFunction>> = {
  ABS: unary(Math.abs),
  CEIL: unary(Math.ceil),
  FLOOR: unary(Math.floor),
  ROUND: scalar(round),
  TRUNCATE: scalar(truncate),
  TRUNC: scalar(truncate),
  POWER: scalar((args) => numberArg(args, 0)! ** numberArg(args, 1)!),
  SQRT: unary(Math.sqrt),
  EXP: unary(Math.exp),
  LN: unary(Math.log),
  LOG10: unary(Math.log10),
  SAFE_DIVIDE: scalar((args, call) => {
    const a = numberArg(args, 0)!;
    const b = numberArg(args, 1)!;
    if (b === 0) return null;
    return call.type === 'LONG' ? toLong(Math.trunc(a) / Math.trunc(b)) : a / b;
  }),
  GREATEST: extreme(1),
  LEAST: extreme(-1),
};
