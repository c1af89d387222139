import { invalidInput } from '@silt/common';

/**
 * Druid's JSONPath subset for nested data: `$` (the root), `.name`, `['name']` and `[index]`
 * (negative indexes count from the end). Anything else is an invalid-input error naming the path.
 */

/** One step of a path: an object field or an array element. */
export type PathPart = { readonly field: string } | { readonly index: number };

function bad(path: string, why: string): never {
  throw invalidInput(`Bad format, '${path}' is not a valid JSONPath path: ${why}`);
}

/**
 * Parses a JSONPath. An empty path (or `$`) selects the root.
 *
 * @example parseJsonPath("$.a['b.c'][0]") // [{field:'a'},{field:'b.c'},{index:0}]
 */
export function parseJsonPath(path: string): PathPart[] {
  if (path === '' || path === '$') return [];
  if (!path.startsWith('$')) bad(path, "must start with '$'");
  const parts: PathPart[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '.') {
      let end = i + 1;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      if (end === i + 1) bad(path, "path parts separated by '.' must not be empty");
      parts.push({ field: path.slice(i + 1, end) });
      i = end;
    } else if (c === '[') {
      if (path[i + 1] === "'") {
        let end = i + 2;
        while (end < path.length && !(path[end] === "'" && path[end - 1] !== '\\')) end++;
        if (end >= path.length) bad(path, "unterminated '");
        if (path[end + 1] !== ']') bad(path, "closing ' must immediately precede ']'");
        parts.push({ field: path.slice(i + 2, end).replace(/\\'/g, "'") });
        i = end + 2;
      } else {
        const end = path.indexOf(']', i);
        if (end < 0) bad(path, "unterminated '['");
        const text = path.slice(i + 1, end);
        if (!/^-?\d+$/.test(text)) bad(path, `expected number for array specifier got ${text} instead. Use ' if this value was meant to be a field name`);
        parts.push({ index: Number(text) });
        i = end + 1;
      }
    } else {
      bad(path, "path parts must be separated with '.'");
    }
  }
  return parts;
}

/** True for a JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `parts` inside `value`, or null when the path leads nowhere. */
export function findAtPath(value: unknown, parts: readonly PathPart[]): unknown {
  let current = value;
  for (const part of parts) {
    if (current === null || current === undefined) return null;
    if ('field' in part) {
      current = isJsonObject(current) && Object.hasOwn(current, part.field) ? current[part.field] : null;
    } else {
      if (!Array.isArray(current)) return null;
      const index = part.index < 0 ? current.length + part.index : part.index;
      current = index >= 0 && index < current.length ? current[index] : null;
    }
  }
  return current ?? null;
}

/** The normalized JSONPath text of a path, as Druid prints it (`$.a.b`, `$.a[0]`, `$['a.b']`). */
export function formatJsonPath(parts: readonly PathPart[]): string {
  if (parts.length === 0) return '$.';
  let out = '$';
  for (const part of parts) {
    if ('index' in part) out += `[${part.index}]`;
    else out += /[.'"[\]]/.test(part.field) ? `['${part.field}']` : `.${part.field}`;
  }
  return out;
}

/** True for a primitive JSON value (string, number, boolean, null). */
function isPrimitive(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/**
 * Paths of every primitive value in `value` (JSON_PATHS): objects are descended by field, arrays of
 * primitives are one path, other arrays are descended by index.
 */
export function primitivePaths(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, parts: PathPart[]): void => {
    if (isJsonObject(v)) {
      for (const [field, child] of Object.entries(v)) walk(child, [...parts, { field }]);
    } else if (Array.isArray(v) && !v.every(isPrimitive)) {
      v.forEach((child, index) => walk(child, [...parts, { index }]));
    } else {
      out.push(formatJsonPath(parts));
    }
  };
  walk(value, []);
  return out;
}
