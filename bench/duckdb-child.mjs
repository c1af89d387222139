/**
 * The DuckDB side of the benchmark, run as a forked child process so that its peak RSS (VmHWM) is
 * its own, like the Silt server's. Plain JavaScript on purpose: a TypeScript loader would add its
 * own memory to the process being measured, and the Silt server runs compiled JavaScript too.
 *
 * usage: fork('duckdb-child.mjs', [dbPath, threads]) — threads 0 keeps DuckDB's default (one per core).
 *
 * Protocol (IPC messages, one reply per request, in order):
 *   { id, op: 'ingest', file }  → { id, ok: true, ms }          CREATE TABLE t AS read_json + CHECKPOINT
 *   { id, op: 'query', sql }    → { id, ok: true, ms, rows }    rows as JSON-safe arrays
 *   { id, op: 'version' }       → { id, ok: true, version }
 *   { id, op: 'close' }         → { id, ok: true }              then the process exits
 *   any failure                 → { id, ok: false, error }
 * The child sends { ready: true } once the database file is open.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { serveRequests } from './child-requests.mjs';

const [dbPath, threadsArg] = process.argv.slice(2);
const threads = Number(threadsArg ?? 0);
const instance = await DuckDBInstance.create(dbPath);
const connection = await instance.connect();
if (threads > 0) await connection.run(`SET threads = ${threads}`);

/** Quotes a string as a SQL literal. */
const literal = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** Runs one request and returns the reply's payload. */
async function handle(message) {
  switch (message.op) {
    case 'ingest': {
      const t0 = performance.now();
      await connection.run(`CREATE TABLE t AS SELECT * FROM read_json(${literal(message.file)})`);
      await connection.run('CHECKPOINT');
      return { ms: performance.now() - t0 };
    }
    case 'query': {
      const t0 = performance.now();
      const reader = await connection.runAndReadAll(message.sql);
      const rows = reader.getRowsJson();
      return { ms: performance.now() - t0, rows };
    }
    case 'version': {
      const reader = await connection.runAndReadAll('SELECT version()');
      return { version: String(reader.getRowsJson()[0]?.[0]) };
    }
    case 'close':
      connection.closeSync();
      instance.closeSync();
      return {};
    default:
      throw new Error(`unknown op ${message.op}`);
  }
}

serveRequests(handle);
