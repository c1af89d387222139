import { parseArgs } from 'node:util';

/** Where the server listens and keeps its data. */
export interface ServerArgs {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Base directory SQL exports may write under (unset: exports are refused). */
  readonly exportDir: string | undefined;
  /** Bytes of memory for query processing (unset: half the machine's). */
  readonly workerMemory: number | undefined;
  /** Processing threads (unset: one per core). */
  readonly threads: number | undefined;
}

/** What `--help` prints, and a bad command line after its error. */
export const SERVER_USAGE = `usage: silt-server [--port 8888] [--host 0.0.0.0] [--data-dir ./var] [--export-dir DIR] [--worker-memory BYTES] [--threads N]
  --port           SILT_PORT           HTTP port (default 8888)
  --host           SILT_HOST           address to listen on (default 0.0.0.0)
  --data-dir       SILT_DATA_DIR       metadata, deep storage, scratch files and task logs (default ./var)
  --export-dir     SILT_EXPORT_DIR     where INSERT INTO EXTERN(local(...)) may write (default: exports refused)
  --worker-memory  SILT_WORKER_MEMORY  bytes for query processing, e.g. 512m or 4g (default: half the machine's)
  --threads        SILT_THREADS        processing threads (default: one per core)
Flags win over the environment.`;

/** Whether the command line asks for {@link SERVER_USAGE}. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A byte count: digits, optionally with a k / m / g suffix (powers of 1024), as in `-Xmx4g`. */
function parseBytes(text: string): number {
  const m = /^(\d+)([kmg]?)$/i.exec(text.trim());
  const n = m ? Number(m[1]) * UNITS[m[2]!.toLowerCase()]! : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`Invalid worker memory [${text}]: give a number of bytes, optionally with k, m or g`);
  return n;
}

/**
 * Reads `--port` / `SILT_PORT` (default 8888), `--host` / `SILT_HOST` (default 0.0.0.0),
 * `--data-dir` / `SILT_DATA_DIR` (default ./var), `--export-dir` / `SILT_EXPORT_DIR` (no default)
 * `--worker-memory` / `SILT_WORKER_MEMORY` (bytes, or with k / m / g; default half the
 * machine's memory) and `--threads` / `SILT_THREADS` (processing threads; default one per core).
 * Flags win over the environment.
 */
export function parseServerArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ServerArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, 'export-dir': { type: 'string' }, 'worker-memory': { type: 'string' }, threads: { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port ?? env.SILT_PORT ?? 8888);
  const memory = values['worker-memory'] ?? env.SILT_WORKER_MEMORY;
  const threads = values.threads ?? env.SILT_THREADS;
  if (threads !== undefined && !/^[1-9]\d{0,3}$/.test(threads.trim())) throw new Error(`Invalid threads [${threads}]: give a positive number of processing threads`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port [${values.port ?? env.SILT_PORT}]`);
  return {
    port,
    host: values.host ?? env.SILT_HOST ?? '0.0.0.0',
    dataDir: values['data-dir'] ?? env.SILT_DATA_DIR ?? './var',
    exportDir: values['export-dir'] ?? env.SILT_EXPORT_DIR,
    workerMemory: memory === undefined ? undefined : parseBytes(memory),
    threads: threads === undefined ? undefined : Number(threads),
  };
}
