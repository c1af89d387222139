import { invalidInput } from '@silt/common';
import { CompileCache, type ScalarFunction, intArg, scalar, stringArg } from './scalar-function.ts';
import { javaFormat } from './string-format.ts';

/**
 * String functions, per row. NULL in gives NULL out (CONCAT too, as in Druid's SQL-compatible mode).
 * Lengths and positions count UTF-16 code units, like Java strings.
 */

const regexCache = new CompileCache<RegExp>();

/**
 * Compiles a Java regular expression (a leading `(?i)` becomes the `i` flag) with extra JS `flags`;
 * invalid ones are an invalid-input error.
 */
export function javaRegExp(pattern: string, extraFlags = ''): RegExp {
  return regexCache.get(`${extraFlags}\u0000${pattern}`, () => {
    let source = pattern;
    let flags = '';
    const inline = /^\(\?([imsx]+)\)/.exec(source);
    if (inline) {
      source = source.slice(inline[0].length);
      flags = [...new Set(inline[1]!.replace('x', ''))].join('');
    }
    try {
      return new RegExp(source, flags + extraFlags);
    } catch (e) {
      throw invalidInput(`Invalid regular expression [${pattern}]: ${(e as Error).message}`);
    }
  });
}

function trimChars(s: string, chars: string, leading: boolean, trailing: boolean): string {
  let start = 0;
  let end = s.length;
  if (leading) while (start < end && chars.includes(s[start]!)) start++;
  if (trailing) while (end > start && chars.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}

const trim = (leading: boolean, trailing: boolean): ScalarFunction =>
  scalar((args, call) => trimChars(stringArg(args, call, 0)!, args.length > 1 ? stringArg(args, call, 1)! : ' ', leading, trailing));

function substring(args: readonly unknown[], call: Parameters<ScalarFunction['apply']>[1]): string {
  const s = stringArg(args, call, 0)!;
  const start = intArg(args, 1, 1);
  const length = intArg(args, 2, -1);
  const begin = Math.max(0, start - 1);
  if (begin >= s.length) return '';
  if (length < 0) return s.slice(begin);
  // Positions before 1 still count toward the length, as in SQL.
  const end = Math.max(begin, start - 1 + length);
  return s.slice(begin, Math.min(end, s.length));
}

function pad(args: readonly unknown[], call: Parameters<ScalarFunction['apply']>[1], left: boolean): string | null {
  const s = stringArg(args, call, 0)!;
  const length = intArg(args, 1, 0);
  const fill = args.length > 2 ? stringArg(args, call, 2)! : ' ';
  if (length <= 0) return '';
  if (length <= s.length || fill === '') return s.slice(0, length);
  const padding = fill.repeat(Math.ceil((length - s.length) / fill.length)).slice(0, length - s.length);
  return left ? padding + s : s + padding;
}

/**
 * Java's `Long.parseLong(text, radix)` as Druid's PARSE_LONG uses it (a `0x` prefix is allowed in radix
 * 16); NULL when the text is not a number in that radix.
 */
function parseLong(text: string, radix: number): number | null {
  if (radix < 2 || radix > 36) throw invalidInput(`Function[parse_long] radix [${radix}] must be between 2 and 36`);
  const digits = radix === 16 && /^0x/i.test(text) ? text.slice(2) : text;
  const m = /^([+-]?)([0-9a-z]+)$/i.exec(digits);
  if (!m || [...m[2]!].some((c) => Number.parseInt(c, 36) >= radix)) return null;
  const n = Number.parseInt(m[2]!, radix);
  return m[1] === '-' ? -n : n;
}

function count(args: readonly unknown[], fn: string): number {
  const n = intArg(args, 1, 0);
  if (n < 0) throw invalidInput(`Function[${fn.toLowerCase()}] needs a positive integer as the second argument`);
  return n;
}

/** The string function table. */
export const STRING_FUNCTIONS: Readonly<Record<string, ScalarFunction>> = {
  CONCAT: scalar((args, call) => args.map((_, i) => stringArg(args, call, i)).join('')),
  TEXTCAT: scalar((args, call) => stringArg(args, call, 0)! + stringArg(args, call, 1)!),
  LOWER: scalar((args, call) => stringArg(args, call, 0)!.toLowerCase()),
  UPPER: scalar((args, call) => stringArg(args, call, 0)!.toUpperCase()),
  SUBSTRING: scalar(substring),
  SUBSTR: scalar(substring),
  TRIM: trim(true, true),
  BTRIM: trim(true, true),
  LTRIM: trim(true, false),
  RTRIM: trim(false, true),
  REPLACE: scalar((args, call) => {
    const s = stringArg(args, call, 0)!;
    const from = stringArg(args, call, 1)!;
    return from === '' ? s : s.split(from).join(stringArg(args, call, 2)!);
  }),
  STRPOS: scalar((args, call) => stringArg(args, call, 0)!.indexOf(stringArg(args, call, 1)!) + 1),
  LENGTH: scalar((args, call) => stringArg(args, call, 0)!.length),
  CHAR_LENGTH: scalar((args, call) => stringArg(args, call, 0)!.length),
  CHARACTER_LENGTH: scalar((args, call) => stringArg(args, call, 0)!.length),
  STRLEN: scalar((args, call) => stringArg(args, call, 0)!.length),
  REGEXP_EXTRACT: scalar((args, call) => {
    const m = javaRegExp(stringArg(args, call, 1)!).exec(stringArg(args, call, 0)!);
    if (!m) return null;
    const group = intArg(args, 2, 0);
    if (group < 0 || group >= m.length) throw invalidInput(`No group ${group} in regular expression [${stringArg(args, call, 1)}]`);
    return m[group] ?? null;
  }, 2),
  REGEXP_LIKE: scalar((args, call) => (javaRegExp(stringArg(args, call, 1)!).test(stringArg(args, call, 0)!) ? 1 : 0), Number.POSITIVE_INFINITY, 'any'),
  REGEXP_REPLACE: scalar((args, call) => stringArg(args, call, 0)!.replace(javaRegExp(stringArg(args, call, 1)!, 'g'), stringArg(args, call, 2)!)),
  CONTAINS_STRING: scalar((args, call) => (stringArg(args, call, 0)!.includes(stringArg(args, call, 1)!) ? 1 : 0), Number.POSITIVE_INFINITY, 'any'),
  ICONTAINS_STRING: scalar(
    (args, call) => (stringArg(args, call, 0)!.toLowerCase().includes(stringArg(args, call, 1)!.toLowerCase()) ? 1 : 0),
    Number.POSITIVE_INFINITY,
    'any',
  ),
  POSITION: scalar((args, call) => {
    const from = Math.max(1, intArg(args, 2, 1));
    return stringArg(args, call, 1)!.indexOf(stringArg(args, call, 0)!, from - 1) + 1;
  }, 2),
  PARSE_LONG: scalar((args, call) => parseLong(stringArg(args, call, 0)!, intArg(args, 1, 10)), 1),
  DECODE_BASE64_UTF8: scalar((args, call) => Buffer.from(stringArg(args, call, 0)!, 'base64').toString('utf8')),
  STRING_FORMAT: scalar((args, call) => javaFormat(stringArg(args, call, 0)!, args.slice(1), call.args.slice(1)), 1),
  LPAD: scalar((args, call) => pad(args, call, true)),
  RPAD: scalar((args, call) => pad(args, call, false)),
  REVERSE: scalar((args, call) => Array.from(stringArg(args, call, 0)!).reverse().join('')),
  REPEAT: scalar((args, call) => stringArg(args, call, 0)!.repeat(Math.max(0, intArg(args, 1, 0)))),
  LEFT: scalar((args, call) => stringArg(args, call, 0)!.slice(0, count(args, call.fn))),
  RIGHT: scalar((args, call) => {
    const s = stringArg(args, call, 0)!;
    const n = count(args, call.fn);
    return n >= s.length ? s : s.slice(s.length - n);
  }),
};
