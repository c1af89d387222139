import { invalidInput } from '@silt/common';
import { toLong } from '../values.ts';
import { divisionByZero } from './operators.ts';
import { roundDecimal } from './numeric-functions.ts';
import { type ScalarFunction, intArg, numberArg, scalar } from './scalar-function.ts';

/**
 * More numeric functions: PI, trigonometry, DIV, the BITWISE_* family (64-bit two's complement, on
 * values truncated to longs) and the HUMAN_READABLE_* byte formatters. NULL in gives NULL out.
 */

const unary = (f: (x: number) => number): ScalarFunction => scalar((args) => f(numberArg(args, 0)!));

/** A 64-bit long as a BigInt (doubles truncate, as Druid's implicit cast). */
const long = (args: readonly unknown[], i: number): bigint => BigInt(toLong(numberArg(args, i)!));
const fromLong = (n: bigint): number => Number(BigInt.asIntN(64, n));

const bitwise = (f: (a: bigint, b: bigint) => bigint): ScalarFunction => scalar((args) => fromLong(f(long(args, 0), long(args, 1))));

const view = new DataView(new ArrayBuffer(8));

const BINARY_UNITS = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL_UNITS = ['K', 'M', 'G', 'T', 'P', 'E'];

/** Java's `%.{precision}f` (HALF_UP on the shortest decimal form). */
const fixed = (x: number, precision: number): string => roundDecimal(x, precision, 'HALF_UP').toFixed(precision);

/**
 * Druid's HumanReadableBytes.format: IEC units (KiB, MiB …) for `binary`, SI units otherwise, with
 * `suffix` ('B' or '') after the unit; values below one unit print as an integer.
 */
function humanReadable(value: number, precision: number, binary: boolean, suffix: string): string {
  if (precision < 0 || precision > 3) throw invalidInput(`Function[human_readable] given precision[${precision}] must be in the range of [0,3]`);
  const bytes = toLong(value);
  if (binary) {
    if (bytes > -1024 && bytes < 1024) return `${bytes} ${suffix}`;
    const unit = Math.min(6, Math.floor(Math.log2(Math.abs(bytes)) / 10));
    return `${fixed(bytes / 2 ** (unit * 10), precision)} ${BINARY_UNITS[unit]}${suffix}`;
  }
  if (bytes > -1000 && bytes < 1000) return `${bytes} ${suffix}`.trim();
  let scaled = bytes;
  let unit = 0;
  while (scaled <= -1_000_000 || scaled >= 1_000_000) {
    scaled = Math.trunc(scaled / 1000);
    unit++;
  }
  return `${fixed(scaled / 1000, precision)} ${DECIMAL_UNITS[unit]}${suffix}`.trim();
}

const readable = (binary: boolean, suffix: string): ScalarFunction =>
  scalar((args) => humanReadable(numberArg(args, 0)!, intArg(args, 1, 2), binary, suffix), 1);

/** The table of these functions. */
export const MATH_FUNCTIONS: Readonly<Record<string, ScalarFunction>> = {
  PI: scalar(() => Math.PI, 0),
  SIN: unary(Math.sin),
  COS: unary(Math.cos),
  TAN: unary(Math.tan),
  COT: unary((x) => 1 / Math.tan(x)),
  ASIN: unary(Math.asin),
  ACOS: unary(Math.acos),
  ATAN: unary(Math.atan),
  ATAN2: scalar((args) => Math.atan2(numberArg(args, 0)!, numberArg(args, 1)!)),
  DEGREES: unary((x) => (x * 180) / Math.PI),
  RADIANS: unary((x) => (x / 180) * Math.PI),
  DIV: scalar((args, call) => {
    const a = numberArg(args, 0)!;
    const b = numberArg(args, 1)!;
    const integral = call.args.every((arg) => arg.type === 'LONG');
    if (integral && Math.trunc(b) === 0) throw divisionByZero();
    return integral ? toLong(Math.trunc(a) / Math.trunc(b)) : toLong(a / b);
  }),
  BITWISE_AND: bitwise((a, b) => a & b),
  BITWISE_OR: bitwise((a, b) => a | b),
  BITWISE_XOR: bitwise((a, b) => a ^ b),
  BITWISE_SHIFT_LEFT: bitwise((a, b) => a << (b & 63n)),
  BITWISE_SHIFT_RIGHT: bitwise((a, b) => a >> (b & 63n)),
  BITWISE_COMPLEMENT: scalar((args) => fromLong(~long(args, 0))),
  BITWISE_CONVERT_DOUBLE_TO_LONG_BITS: scalar((args) => {
    view.setFloat64(0, numberArg(args, 0)!);
    return Number(view.getBigInt64(0));
  }),
  BITWISE_CONVERT_LONG_BITS_TO_DOUBLE: scalar((args) => {
    view.setBigInt64(0, long(args, 0));
    return view.getFloat64(0);
  }),
  HUMAN_READABLE_BINARY_BYTE_FORMAT: readable(true, 'B'),
  HUMAN_READABLE_DECIMAL_BYTE_FORMAT: readable(false, 'B'),
  HUMAN_READABLE_DECIMAL_FORMAT: readable(false, ''),
};
