import { type ColumnType, invalidInput } from '@silt/common';
import type { Expr } from '../expr.ts';
import { asString, toLong } from '../values.ts';
import { roundDecimal } from './numeric-functions.ts';

/**
 * STRING_FORMAT: Java's `String.format` for the conversions SQL values can feed — `%s %S %b %B %c
 * %d %o %x %X %e %E %f %% %n` — with explicit argument indexes (`%2$s`), the flags `- 0 + , (` and
 * space, width and precision. As in Java, integral conversions need a LONG argument and floating ones
 * a DOUBLE / FLOAT argument; a mismatch or an unknown conversion is an invalid-input error.
 */

const SPEC = /%(\d+\$)?([-#+ 0,(]*)(\d+)?(\.\d+)?([a-zA-Z%])/g;

function fail(message: string): never {
  throw invalidInput(`Function[string_format] ${message}`);
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Sign, grouping, parentheses and zero padding of a formatted magnitude. */
function signed(negative: boolean, magnitude: string, flags: string, width: number): string {
  let body = flags.includes(',') ? magnitude.replace(/^\d+/, group) : magnitude;
  let prefix = negative ? (flags.includes('(') ? '(' : '-') : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const suffix = negative && flags.includes('(') ? ')' : '';
  if (flags.includes('0')) body = body.padStart(width - prefix.length - suffix.length, '0');
  prefix += body;
  return prefix + suffix;
}

function formatOne(conversion: string, flags: string, width: number, precision: number | null, value: unknown, type: ColumnType): string {
  const lower = conversion.toLowerCase();
  const upper = conversion !== lower;
  const isIntegral = type === 'LONG';
  const isFloating = type === 'DOUBLE' || type === 'FLOAT';
  let out: string;
  if (value === null && lower !== 'b') {
    out = 'null';
  } else {
    switch (lower) {
      case 's':
        out = asString(value, type) ?? 'null';
        if (precision !== null) out = out.slice(0, precision);
        break;
      case 'b':
        out = value === null ? 'false' : 'true';
        break;
      case 'c':
        if (!isIntegral) fail(`%c needs an integer argument`);
        out = String.fromCodePoint(Number(value));
        break;
      case 'd':
      case 'o':
      case 'x': {
        if (!isIntegral) fail(`%${conversion} needs a LONG argument, got ${type}`);
        const n = toLong(Number(value));
        if (lower === 'd') out = signed(n < 0, String(Math.abs(n)), flags, width);
        else out = BigInt.asUintN(64, BigInt(n)).toString(lower === 'o' ? 8 : 16);
        break;
      }
      case 'e':
      case 'f': {
        if (!isFloating) fail(`%${conversion} needs a DOUBLE argument, got ${type}`);
        const x = Number(value);
        const digits = precision ?? 6;
        if (!Number.isFinite(x)) {
          out = Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
        } else if (lower === 'f') {
          out = signed(x < 0 || Object.is(x, -0), Math.abs(roundDecimal(x, digits, 'HALF_UP')).toFixed(digits), flags, width);
        } else {
          const [mantissa, exp] = Math.abs(x).toExponential(digits).split('e') as [string, string];
          const e = Number(exp);
          out = signed(x < 0, `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`, flags, width);
        }
        break;
      }
      default:
        fail(`unknown format conversion '${conversion}'`);
    }
  }
  if (upper) out = out.toUpperCase();
  if (out.length >= width) return out;
  return flags.includes('-') ? out.padEnd(width) : out.padStart(width);
}

/**
 * Formats `pattern` with argument values and their expressions (for types).
 *
 * @example javaFormat('%s-%05d', ['a', 42], [s, n]) // "a-00042"
 */
export function javaFormat(pattern: string, values: readonly unknown[], exprs: readonly Expr[]): string {
  let next = 0;
  return pattern.replace(SPEC, (_m, index: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conversion: string) => {
    if (conversion === '%') return '%';
    if (conversion === 'n') return '\n';
    const i = index ? Number(index.slice(0, -1)) - 1 : next++;
    if (i < 0 || i >= values.length) fail(`missing format argument for '%${conversion}'`);
    return formatOne(conversion, flags, width ? Number(width) : 0, precision ? Number(precision.slice(1)) : null, values[i] ?? null, exprs[i]!.type);
  });
}
