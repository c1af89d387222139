import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { DruidClient } from './druid-client.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** ../shared/datasets, where the real Druid data lives (absent on a fresh clone without shared/). */
export const DATASETS = join(ROOT, '..', 'shared', 'datasets');

/** Path of a dataset file, and whether it exists (tests skip with a printed reason when not). */
export function dataset(relative: string): { path: string; present: boolean } {
  const path = join(DATASETS, relative);
  const present = existsSync(path);
  if (!present) console.log(`skipping: ${path} is absent (../shared/datasets is not beside this clone)`);
  return { path, present };
}

/** A real Silt server process on a free port with its own data directory. */
export interface RunningServer {
  readonly url: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** Stops the process (SIGTERM, or SIGKILL to simulate a crash). */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Starts `node apps/server/dist/main.js` and waits until /status/health answers. */
export async function startServer(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'silt-e2e-'));
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'apps/server/dist/main.js'), '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...options.env },
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/status/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('server did not start within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dataDir,
    process: child,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}

/** Removes a server's data directory. */
export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Starts one server for the enclosing `describe` and stops it (removing its data) afterwards.
 * Returns a getter for the client, valid inside tests.
 */
export function useServer(options: { env?: Record<string, string> } = {}): () => DruidClient {
  let server: RunningServer | undefined;
  let client: DruidClient | undefined;
  beforeAll(async () => {
    server = await startServer(options);
    client = new DruidClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
  });
  return () => client!;
}
