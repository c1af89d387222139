import { parseArgs } from 'node:util';

/** Where the server listens and keeps its data. */
export interface ServerArgs {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Base directory SQL exports may write under (unset: exports are refused). */
  readonly exportDir: string | undefined;
}

/**
 * Reads `--port` / `SILT_PORT` (default 8888), `--host` / `SILT_HOST` (default 0.0.0.0),
 * `--data-dir` / `SILT_DATA_DIR` (default ./var) and `--export-dir` / `SILT_EXPORT_DIR` (no default).
 * Flags win over the environment.
 */
export function parseServerArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ServerArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, 'export-dir': { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port ?? env.SILT_PORT ?? 8888);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port [${values.port ?? env.SILT_PORT}]`);
  return {
    port,
    host: values.host ?? env.SILT_HOST ?? '0.0.0.0',
    dataDir: values['data-dir'] ?? env.SILT_DATA_DIR ?? './var',
    exportDir: values['export-dir'] ?? env.SILT_EXPORT_DIR,
  };
}
