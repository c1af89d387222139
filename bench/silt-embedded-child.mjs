/**
 * Silt embedded in a process of its own (the library API, `Silt.open`), for the benchmark's
 * in-process queries: it opens a data directory a stopped Silt server ingested into and answers
 * queries timed inside the process, as `duckdb-child.mjs` times DuckDB's. Plain JavaScript, like
 * the server and the DuckDB child: it loads the built packages, no TypeScript loader.
 *
 * usage: fork('silt-embedded-child.mjs', [dataDir]). Protocol: see child-ipc.ts.
 *   { id, op: 'query', sql }  → { id, ok: true, ms, rows }   POST /druid/v2/sql's work, in process
 *   { id, op: 'close' }       → { id, ok: true }             then the process exits
 */
import { Silt } from '../packages/silt/dist/index.js';
import { serveRequests } from './child-requests.mjs';

const [dataDir] = process.argv.slice(2);
const silt = await Silt.open({ dataDir });

/** Runs one request and returns the reply's payload. */
async function handle(message) {
  switch (message.op) {
    case 'query': {
      const t0 = performance.now();
      const { rows } = await silt.query({ query: message.sql });
      return { ms: performance.now() - t0, rows };
    }
    case 'close':
      await silt.close();
      return {};
    default:
      throw new Error(`unknown op ${message.op}`);
  }
}

serveRequests(handle);
