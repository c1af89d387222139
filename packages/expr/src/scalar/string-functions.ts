import { invalidInput } from '@silt/common';
import { CompileCache, type ScalarFunction, intArg, scalar, stringArg } from './scalar-function.ts';

/**
 * String functions, per row. NULL in gives NULL out (CONCAT too, as in Druid's SQL-compatible mode).
 * Lengths and positions count UTF-16 code units, like Java strings.
 */

const regexCache = new CompileCache<RegExp>();

/** Compiles a Java regular expression (a leading `(?i)` becomes the `i` flag); invalid ones are an invalid-input error. */
function javaRegExp(pattern: string): RegExp {
  return regexCache.get(pattern, () => {
    let source = pattern;
    let flags = '';
    const inline = /^\(\?([imsx]+)\)/.exec(source);
    if (inline) {
      source = source.slice(inline[0].length);
      flags = [...new Set(inline[1]!.replace('x', ''))].join('');
    }
    try {
      return new RegExp(source, flags);
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
  REGEXP_EXTRACT: scalar((args, call) => {
    const m = javaRegExp(stringArg(args, call, 1)!).exec(stringArg(args, call, 0)!);
    if (!m) return null;
    const group = intArg(args, 2, 0);
    if (group < 0 || group >= m.length) throw invalidInput(`No group ${group} in regular expression [${stringArg(args, call, 1)}]`);
    return m[group] ?? null;
  }, 2),
  REGEXP_LIKE: scalar((args, call) => (javaRegExp(stringArg(args, call, 1)!).test(stringArg(args, call, 0)!) ? 1 : 0)),
  CONTAINS_STRING: scalar((args, call) => (stringArg(args, call, 0)!.includes(stringArg(args, call, 1)!) ? 1 : 0)),
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
