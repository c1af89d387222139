import { invalidInput } from '@silt/common';
import { JSONPath } from 'jsonpath-plus';

/**
 * JSONPath reading as Druid does it (Jayway JsonPath with exceptions suppressed):
 * - a *definite* path (only property names and single indices, e.g. `$.a.b[0]`) reads one value, or
 *   null when it is missing;
 * - an *indefinite* path (wildcards `*`, deep scan `..`, filters `[?(…)]`, slices, unions) reads the
 *   list of every match, empty when nothing matches;
 * - a path may end with one of Druid's supported functions: `min()`, `max()`, `avg()`, `stddev()`,
 *   `sum()` (doubles over the numbers of a list), `length()` (list size), and for json only
 *   `concat(…)` / `append(…)` with literal arguments.
 * A path that does not start with `$` is read from the root, as Jayway does. Evaluation of indefinite
 * paths uses jsonpath-plus with its safe script engine for filters.
 */
export type JsonPathReader = (record: unknown) => unknown;

type PathFunction = 'min' | 'max' | 'avg' | 'stddev' | 'sum' | 'length' | 'concat' | 'append';
const NUMERIC_FUNCTIONS = new Set(['min', 'max', 'avg', 'stddev', 'sum', 'length']);
const TEXT_FUNCTIONS = new Set(['concat', 'append']);
const FUNCTION_SUFFIX = /\.([A-Za-z]+)\(([^()]*)\)$/;

interface CompiledPath {
  readonly tokens: string[];
  readonly definite: boolean;
  readonly fn: PathFunction | null;
  readonly args: readonly (string | number)[];
}

/** Throws `invalidInput` unless `expr` is a JSONPath Silt can evaluate. */
export function checkJsonPath(expr: string, field: string, textFunctions: boolean): void {
  compile(expr, field, textFunctions);
}

/** A reader for the JSONPath `expr` (see the module comment for the semantics). */
export function jsonPathReader(expr: string, textFunctions: boolean): JsonPathReader {
  const path = compile(expr, expr, textFunctions);
  const read = path.definite ? definiteReader(path.tokens) : indefiniteReader(path.tokens);
  return path.fn ? (record) => applyFunction(path.fn!, path.args, read(record)) : read;
}

function compile(expr: string, field: string, textFunctions: boolean): CompiledPath {
  let text = expr.trim();
  let fn: PathFunction | null = null;
  let args: (string | number)[] = [];
  const call = FUNCTION_SUFFIX.exec(text);
  if (call) {
    const name = call[1]!;
    if (!NUMERIC_FUNCTIONS.has(name) && !(textFunctions && TEXT_FUNCTIONS.has(name))) {
      throw invalidInput(`flattenSpec field [${field}]: JSONPath function [${name}()] is not supported for this input format`);
    }
    fn = name as PathFunction;
    args = parseArguments(call[2]!, field);
    text = text.slice(0, call.index);
  }
  if (!text.startsWith('$')) text = text.startsWith('[') ? `$${text}` : `$.${text}`;
  let tokens: string[];
  try {
    tokens = JSONPath.toPathArray(text).slice();
  } catch (error) {
    throw invalidInput(`flattenSpec field [${field}]: invalid JSONPath [${expr}]: ${(error as Error).message}`);
  }
  if (tokens[0] !== '$' || tokens.some((t) => t === '')) throw invalidInput(`flattenSpec field [${field}]: invalid JSONPath [${expr}]`);
  return { tokens, definite: tokens.slice(1).every(isDefiniteToken), fn, args };
}

function isDefiniteToken(token: string): boolean {
  return token !== '*' && token !== '..' && !token.startsWith('?(') && !token.startsWith('(') && !token.includes(':') && !token.includes(',') && token !== '~';
}

function parseArguments(text: string, field: string): (string | number)[] {
  if (text.trim() === '') return [];
  return text.split(',').map((raw) => {
    const arg = raw.trim();
    const quoted = /^(['"])(.*)\1$/.exec(arg);
    if (quoted) return quoted[2]!;
    if (/^-?\d+(\.\d+)?$/.test(arg)) return Number(arg);
    throw invalidInput(`flattenSpec field [${field}]: JSONPath function arguments must be string or number literals, got [${arg}]`);
  });
}

/** Walks names and indices directly (negative indices count from the end); null when missing. */
function definiteReader(tokens: readonly string[]): JsonPathReader {
  const steps = tokens.slice(1).map((t) => (/^-?\d+$/.test(t) ? Number(t) : t));
  return (record) => {
    let node: unknown = record;
    for (const step of steps) {
      if (node === null || typeof node !== 'object') return null;
      if (Array.isArray(node)) {
        if (typeof step !== 'number') return null;
        node = node[step < 0 ? node.length + step : step];
      } else {
        const key = String(step);
        node = Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
      }
      if (node === undefined) return null;
    }
    return node;
  };
}

function indefiniteReader(tokens: readonly string[]): JsonPathReader {
  const path = [...tokens];
  return (record) => {
    if (record === null || typeof record !== 'object') return [];
    const found: unknown = JSONPath({ path, json: record, wrap: true, eval: 'safe', ignoreEvalErrors: true });
    return Array.isArray(found) ? found : [];
  };
}

function applyFunction(fn: PathFunction, args: readonly (string | number)[], value: unknown): unknown {
  if (fn === 'concat') {
    const parts = Array.isArray(value) ? value : value === null ? [] : [value];
    return [...parts, ...args].map((p) => (p === null ? '' : typeof p === 'object' ? JSON.stringify(p) : String(p))).join('');
  }
  if (fn === 'append') return Array.isArray(value) ? [...value, ...args] : value === null ? [...args] : [value, ...args];
  if (!Array.isArray(value)) return null;
  if (fn === 'length') return value.length;
  const numbers = value.filter((v): v is number => typeof v === 'number');
  if (numbers.length === 0) return null;
  const sum = numbers.reduce((a, b) => a + b, 0);
  switch (fn) {
    case 'sum':
      return sum;
    case 'min':
      return Math.min(...numbers);
    case 'max':
      return Math.max(...numbers);
    case 'avg':
      return sum / numbers.length;
    case 'stddev': {
      const mean = sum / numbers.length;
      return Math.sqrt(numbers.reduce((a, b) => a + b * b, 0) / numbers.length - mean * mean);
    }
  }
}
