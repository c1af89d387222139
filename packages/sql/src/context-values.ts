import { invalidInput } from '@silt/common';

/**
 * Typed readers of query-context values, with Druid's coercions and messages (`QueryContexts`):
 * numbers may be given as numbers or numeric strings, booleans as booleans or `"true"`/`"false"`,
 * enums by name in any case. A wrong value is an invalid-input error naming the key.
 */

/** A query context: JSON values by key. */
export type Context = Readonly<Record<string, unknown>>;

/** The first of `keys` set (not null) in the context. */
function lookup(context: Context, keys: readonly string[]): { key: string; value: unknown } | undefined {
  for (const key of keys) {
    const value = context[key];
    if (value !== undefined && value !== null) return { key, value };
  }
  return undefined;
}

/** How Druid (Java) names the type of a JSON value in "but got [...]" messages. */
function javaTypeName(value: unknown): string {
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'java.lang.Integer' : 'java.lang.Double';
  if (typeof value === 'string') return 'java.lang.String';
  if (Array.isArray(value)) return 'java.util.ArrayList';
  return 'java.util.LinkedHashMap';
}

/** Druid's "bad type" error: the value is not even of a kind the key accepts. */
function badType(key: string, expected: string, value: unknown): never {
  throw invalidInput(`Expected key [${key}] to be ${expected}, but got [${javaTypeName(value)}]`);
}

/** Druid's "bad value" error: the value has an accepted kind but cannot be read. */
export function badValue(key: string, expected: string, value: unknown): never {
  throw invalidInput(`Expected key [${key}] to be ${expected}, but got [${typeof value === 'string' ? value : JSON.stringify(value)}]`);
}

/** Reads a whole number given as a number or a numeric string (`"12"`, `"12.00"`). */
function wholeNumber(key: string, value: unknown, format: string): number {
  if (typeof value !== 'number' && typeof value !== 'string') badType(key, format === 'integer' ? 'an Integer' : 'a Long', value);
  const n = typeof value === 'number' ? value : /^\s*[-+]?\d+(?:\.0*)?\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) badValue(key, `in ${format} format`, value);
  return n;
}

/** An integer parameter (Java `int`), looked up under `keys` in order; undefined when unset. */
export function integer(context: Context, ...keys: string[]): number | undefined {
  const found = lookup(context, keys);
  if (!found) return undefined;
  const n = wholeNumber(found.key, found.value, 'integer');
  if (n > 2_147_483_647 || n < -2_147_483_648) badValue(found.key, 'in integer format', found.value);
  return n;
}

/** A long parameter (Java `long`, within JavaScript's safe integers); undefined when unset. */
export function long(context: Context, key: string): number | undefined {
  const found = lookup(context, [key]);
  return found ? wholeNumber(found.key, found.value, 'long') : undefined;
}

/** A boolean parameter; undefined when unset. */
export function boolean(context: Context, key: string): boolean | undefined {
  const found = lookup(context, [key]);
  if (!found) return undefined;
  const { value } = found;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  if (typeof value !== 'string') badType(key, 'a Boolean', value);
  return badValue(key, 'in boolean format', value);
}

/**
 * An enum parameter: the value names one of `values` (Druid's enum constant names, matched
 * case-insensitively); returns the matching entry of `values`. `enumName` is the Java enum's name,
 * shown in the error. Undefined when unset.
 */
export function enumValue<T extends string>(context: Context, key: string, values: readonly T[], enumName: string): T | undefined {
  const found = lookup(context, [key]);
  if (!found) return undefined;
  const { value } = found;
  if (typeof value !== 'string' && typeof value !== 'boolean') badType(key, `of type [${enumName}]`, value);
  const match = values.find((v) => v.toUpperCase() === String(value).toUpperCase());
  if (match === undefined) {
    badValue(key, `referring to one of the values [${values.map((v) => v.toUpperCase()).join(',')}] of enum [${enumName}]`, value);
  }
  return match;
}

/** A string parameter; undefined when unset. */
export function string(context: Context, key: string): string | undefined {
  const found = lookup(context, [key]);
  if (!found) return undefined;
  return typeof found.value === 'string' ? found.value : badType(key, 'a String', found.value);
}

/**
 * A list of names given as a string: a JSON array (`'["a","b"]'`) or comma-separated values
 * (`'a, b'`, CSV quoting allowed). Empty entries are dropped, entries trimmed. `[]` when unset.
 */
export function stringList(context: Context, key: string): string[] {
  const text = string(context, key);
  if (text === undefined) return [];
  if (/^\s*\[/.test(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return badValue(key, 'CSV or JSON array', text);
    }
    if (!Array.isArray(parsed) || !parsed.every((e) => typeof e === 'string')) return badValue(key, 'CSV or JSON array', text);
    return parsed as string[];
  }
  return splitCsvLine(text, key)
    .filter((s) => s !== '')
    .map((s) => s.trim());
}

/** Splits one CSV line (RFC 4180 quoting). */
function splitCsvLine(text: string, key: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ',') {
      out.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) badValue(key, 'CSV or JSON array', text);
  out.push(field);
  return out;
}
