import { type ColumnType, invalidInput, isNumericType } from '@silt/common';
import type { Call } from '../expr.ts';
import { type PathPart, findAtPath, isJsonObject, parseJsonPath, primitivePaths } from '../json/json-path.ts';
import { castValue, elementType, javaDoubleToString } from '../values.ts';
import { CompileCache, type ScalarFunction, rawScalar, stringArg } from './scalar-function.ts';

/**
 * JSON functions over nested data. COMPLEX<json> values are parsed JSON (objects, arrays, scalars);
 * a STRING argument whose text is a JSON object or array is read as that JSON (so a VARCHAR column
 * holding JSON text works too). Paths use Druid's JSONPath subset (see json-path.ts). Druid's error
 * texts start with `Function[name]`.
 */

const pathCache = new CompileCache<PathPart[]>();

function fail(call: Call, message: string): never {
  throw invalidInput(`Function[${call.fn.toLowerCase()}] ${message}`);
}

/** Argument `i` as JSON: strings holding a JSON object or array are parsed when the argument is a STRING. */
function jsonArg(args: readonly unknown[], call: Call, i: number): unknown {
  const v = args[i] ?? null;
  if (typeof v === 'string' && call.args[i]!.type === 'STRING') {
    const t = v.trimStart();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return v;
      }
    }
  }
  return v;
}

function pathArg(args: readonly unknown[], call: Call, i: number): PathPart[] {
  const text = stringArg(args, call, i);
  if (text === null) fail(call, `path argument must not be NULL`);
  return pathCache.get(text, () => parseJsonPath(text));
}

const isPrimitive = (v: unknown): boolean => v === null || typeof v !== 'object';

/** The JS type of a JSON primitive as a column type (booleans read as LONG 1/0). */
function primitiveType(v: unknown): ColumnType {
  if (typeof v === 'number') return Number.isInteger(v) ? 'LONG' : 'DOUBLE';
  if (typeof v === 'boolean') return 'LONG';
  return 'STRING';
}

/** JSON_VALUE's result: primitives (and arrays of primitives for ARRAY types) cast to `type`. */
function jsonValue(found: unknown, type: ColumnType): unknown {
  if (found === null || found === undefined) return null;
  const asNumber = (v: unknown): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
  const element = elementType(type);
  if (Array.isArray(found)) {
    if (!found.every(isPrimitive)) return null;
    if (element !== type) return found.map((v) => (v === null ? null : castValue(asNumber(v), primitiveType(v), element)));
    return found.length === 1 && found[0] !== null ? castValue(asNumber(found[0]), primitiveType(found[0]), type) : null;
  }
  if (!isPrimitive(found)) return null;
  if (element !== type) return [castValue(asNumber(found), primitiveType(found), element)];
  if (type === 'STRING') return typeof found === 'string' ? found : castValue(asNumber(found), primitiveType(found), 'STRING');
  if (type === 'COMPLEX<json>') return found;
  return typeof found === 'boolean' ? (found ? 1 : 0) : found;
}

function parseJson(text: string, call: Call): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fail(call, `bad string input [${text}]`);
  }
}

/** A value as JSON for JSON_MERGE: STRING arguments are JSON text, others are JSON values. */
function mergeInput(args: readonly unknown[], call: Call, i: number): unknown {
  const v = args[i] ?? null;
  if (v === null) return null;
  return typeof v === 'string' && call.args[i]!.type === 'STRING' ? parseJson(v, call) : v;
}

/** The JSON function table. */
export const JSON_FUNCTIONS: Readonly<Record<string, ScalarFunction>> = {
  JSON_VALUE: rawScalar((args, call) => jsonValue(findAtPath(jsonArg(args, call, 0), pathArg(args, call, 1)), call.type), 1),
  JSON_QUERY: rawScalar((args, call) => findAtPath(jsonArg(args, call, 0), pathArg(args, call, 1)), 1),
  JSON_QUERY_ARRAY: rawScalar((args, call) => {
    const found = findAtPath(jsonArg(args, call, 0), pathArg(args, call, 1));
    if (found === null) return null;
    return Array.isArray(found) ? found : [found];
  }, 1),
  JSON_KEYS: rawScalar((args, call) => {
    const found = findAtPath(jsonArg(args, call, 0), pathArg(args, call, 1));
    if (isJsonObject(found)) return Object.keys(found);
    if (Array.isArray(found)) return found.map((_, i) => String(i));
    return null;
  }, 1),
  JSON_PATHS: rawScalar((args, call) => primitivePaths(jsonArg(args, call, 0))),
  PARSE_JSON: rawScalar((args, call) => {
    if (call.args[0]!.type !== 'STRING' || typeof args[0] !== 'string') fail(call, `invalid input expected STRING but got ${call.args[0]!.type} instead`);
    return parseJson(args[0], call);
  }),
  TRY_PARSE_JSON: rawScalar((args, call) => {
    if (call.args[0]!.type !== 'STRING' || typeof args[0] !== 'string') return null;
    try {
      return JSON.parse(args[0]) as unknown;
    } catch {
      return null;
    }
  }),
  TO_JSON_STRING: rawScalar((args, call) => {
    const v = args[0];
    const type = call.args[0]!.type;
    if (typeof v === 'number' && isNumericType(type) && type !== 'LONG') return javaDoubleToString(v);
    return JSON.stringify(v);
  }),
  JSON_OBJECT: rawScalar((args, call) => {
    if (args.length % 2 !== 0) fail(call, 'must have an even number of arguments');
    const out: Record<string, unknown> = {};
    for (let i = 0; i < args.length; i += 2) {
      const key = args[i];
      if (typeof key !== 'string') fail(call, 'field name must be a STRING');
      out[key] = args[i + 1] ?? null;
    }
    return out;
  }, 0),
  JSON_MERGE: rawScalar((args, call) => {
    if (args.length < 2) fail(call, 'must have at least two arguments');
    let merged = mergeInput(args, call, 0);
    if (merged === null) fail(call, `invalid input expected STRING but got ${call.args[0]!.type} instead`);
    for (let i = 1; i < args.length; i++) {
      const next = mergeInput(args, call, i);
      if (next === null) continue;
      merged = isJsonObject(merged) && isJsonObject(next) ? { ...merged, ...next } : next;
    }
    return merged;
  }, 0),
};
