import { createRequire } from 'node:module';
import { invalidInput } from '@silt/common';

/** The loaded jq-web runtime (the package ships no types). */
interface JqRuntime {
  /** Runs `filter` over `input` (JSON text; values may follow each other) and returns stdout; throws on a non-zero exit. */
  raw(input: string, filter: string, flags?: string[]): string;
}

/**
 * jq for `flattenSpec` fields of type `jq`, run by jq-web (jq compiled to WebAssembly). The module
 * is loaded once per thread, when this module is first imported (a top-level await of about 15 ms),
 * so that evaluation can stay synchronous inside `parseRecordChunk` in worker threads. A failed load
 * is kept and reported when a jq field is used, so formats without jq never depend on it.
 *
 * Druid reads a jq field as the first output of the program (jackson-jq); a program with no output
 * reads as null here, and a runtime error (e.g. indexing a string) makes the record a parse error.
 */
// jq-web is CommonJS and exports a promise of the runtime; importing it as ESM would treat that
// thenable as the module itself.
const jqRuntime = createRequire(import.meta.url)('jq-web') as Promise<JqRuntime>;
const loaded: { runtime: JqRuntime } | { error: Error } = await jqRuntime.then(
  (runtime) => ({ runtime }),
  (error: unknown) => ({ error: error instanceof Error ? error : new Error(String(error)) }),
);

/** One jq program's reading of one record: its first output, or the jq error message. */
export type JqResult = { readonly value: unknown } | { readonly error: string };

function runtime(): JqRuntime {
  if ('error' in loaded) throw invalidInput(`flattenSpec jq fields are unavailable: the jq WebAssembly module failed to load: ${loaded.error.message}`);
  return loaded.runtime;
}

/**
 * Throws `invalidInput` with jq's compile error unless `program` compiles.
 *
 * @example
 * checkJqProgram('.thing.food[1]'); // fine
 * checkJqProgram('.a['); // throws: flattenSpec field [x]: invalid jq program [.a[]: jq: error: syntax error…
 */
export function checkJqProgram(program: string, field: string): void {
  try {
    // Compiled but never run: runtime errors depend on the records.
    runtime().raw('null', `if false then (${program}) else empty end`, ['-c']);
  } catch (error) {
    const detail = ((error as { stderr?: string }).stderr ?? (error as Error).message).split('\n')[0];
    throw invalidInput(`flattenSpec field [${field}]: invalid jq program [${program}]: ${detail}`);
  }
}

/**
 * Runs every program over every record in one jq invocation; returns, per record, one result per
 * program. Records must be JSON-serializable.
 *
 * @throws DruidError (invalidInput) when a program reads records other than its own (`input`).
 */
export function runJq(records: readonly unknown[], programs: readonly string[]): JqResult[][] {
  if (records.length === 0) return [];
  // Each program's outputs are collected and reduced to the first; errors become values, so every
  // record yields exactly one output line.
  const filter = `[${programs.map((p) => `(try ([(${p})] | {v: .[0]}) catch {e: (. | tostring)})`).join(', ')}]`;
  const input = records.map((r) => JSON.stringify(r)).join('\n');
  const lines = runtime().raw(input, filter, ['-c']).split('\n');
  const results: JqResult[][] = [];
  for (const line of lines) {
    if (line === '') continue;
    const outputs = JSON.parse(line) as { v?: unknown; e?: string }[];
    results.push(outputs.map((o) => (o.e !== undefined ? { error: o.e } : { value: o.v ?? null })));
  }
  // Programs that read further inputs (`input`, `inputs`) would consume other records.
  if (results.length !== records.length) throw invalidInput(`flattenSpec jq programs must read only their own record (no input/inputs): [${programs.join('], [')}]`);
  return results;
}
