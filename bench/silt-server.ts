/**
 * A Silt server driven as a black box: `node apps/server/dist/main.js` in a child process with its
 * own data directory, spoken to over HTTP only (Druid's task and SQL APIs).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { directoryBytes, peakRssBytes } from './proc.ts';

const MAIN = fileURLToPath(new URL('../apps/server/dist/main.js', import.meta.url));

/** The 20 columns of the wikipedia-shaped files, as EXTERN's row signature. */
export const WIKI_SIGNATURE: readonly { readonly name: string; readonly type: 'string' | 'long' }[] = [
  ['time', 'string'], ['channel', 'string'], ['cityName', 'string'], ['comment', 'string'], ['countryIsoCode', 'string'],
  ['countryName', 'string'], ['isAnonymous', 'string'], ['isMinor', 'string'], ['isNew', 'string'], ['isRobot', 'string'],
  ['isUnpatrolled', 'string'], ['metroCode', 'long'], ['namespace', 'string'], ['page', 'string'], ['regionIsoCode', 'string'],
  ['regionName', 'string'], ['user', 'string'], ['delta', 'long'], ['added', 'long'], ['deleted', 'long'],
].map(([name, type]) => ({ name: name!, type: type as 'string' | 'long' }));

/** Quotes a string as a SQL literal. */
const literal = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * The benchmark's ingestion statement: every column of a local JSON file, `__time` parsed from
 * `time`, day partitions clustered by channel.
 */
export function wikiInsertSql(datasource: string, file: string): string {
  const source = literal(JSON.stringify({ type: 'local', files: [file] }));
  const signature = literal(JSON.stringify(WIKI_SIGNATURE));
  return (
    `INSERT INTO "${datasource}" SELECT TIME_PARSE("time") AS __time, * ` +
    `FROM TABLE(EXTERN(${source}, '{"type":"json"}', ${signature})) PARTITIONED BY DAY CLUSTERED BY channel`
  );
}

/** A tiny inline INSERT that warms the server's planner, pool threads and kernels. */
const WARM_UP_SQL =
  `INSERT INTO bench_warmup SELECT TIME_PARSE("time") AS __time, channel, added FROM TABLE(EXTERN(` +
  literal(JSON.stringify({ type: 'inline', data: '{"time":"2015-09-12T00:00:00Z","channel":"#en.wikipedia","added":1}\n{"time":"2015-09-12T01:00:00Z","channel":"#fr.wikipedia","added":2}\n' })) +
  `, '{"type":"json"}', '[{"name":"time","type":"string"},{"name":"channel","type":"string"},{"name":"added","type":"long"}]')) PARTITIONED BY DAY CLUSTERED BY channel`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A running Silt server with a fresh data directory. */
export class SiltServer {
  private stderrTail = '';

  private constructor(
    private readonly child: ChildProcess,
    /** Base URL, e.g. `http://127.0.0.1:41234`. */
    readonly url: string,
    /** The server's `--data-dir`. */
    readonly dataDir: string,
  ) {
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
    });
  }

  /**
   * Empties `dataDir`, starts the server on a free port, waits for `/status/health`, then runs a
   * tiny INSERT and a query so the measured work starts on a warm process. `threads` is the
   * server's `--threads` (unset: one processing thread per core).
   */
  static async start(dataDir: string, threads?: number): Promise<SiltServer> {
    await rm(dataDir, { recursive: true, force: true });
    await mkdir(dataDir, { recursive: true });
    const port = await freePort();
    const threadArgs = threads === undefined ? [] : ['--threads', String(threads)];
    const child = spawn(process.execPath, [MAIN, '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir, ...threadArgs], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const server = new SiltServer(child, `http://127.0.0.1:${port}`, dataDir);
    try {
      await server.waitForHealth();
      await server.runTask(WARM_UP_SQL, 2);
      await server.query('SELECT COUNT(*) FROM bench_warmup');
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** Process id of the server. */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error('Silt server has no pid');
    return this.child.pid;
  }

  /** Ingests `file` into datasource `t` with `maxNumTasks`; returns the wall time in ms from POST to SUCCESS. */
  async ingest(file: string, maxNumTasks: number): Promise<number> {
    return this.runTask(wikiInsertSql('t', file), maxNumTasks);
  }

  /** Runs a query through `POST /druid/v2/sql` (array rows); returns the round-trip time and rows. */
  async query(sql: string): Promise<{ ms: number; rows: unknown[][] }> {
    const t0 = performance.now();
    const response = await fetch(`${this.url}/druid/v2/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: sql, resultFormat: 'array' }),
    });
    const body: unknown = await response.json();
    const ms = performance.now() - t0;
    if (!response.ok) throw new Error(`Silt query failed (${response.status}): ${JSON.stringify(body)}`);
    return { ms, rows: body as unknown[][] };
  }

  /** Peak RSS of the server process so far, in bytes. */
  peakRssBytes(): number {
    return peakRssBytes(this.pid);
  }

  /** Bytes of datasource `datasource`'s published segments in deep storage. */
  segmentBytes(datasource: string): Promise<number> {
    return directoryBytes(join(this.dataDir, 'segments', datasource));
  }

  /** Stops the server (SIGTERM) and waits for it to exit; its data directory stays (see `SiltEmbedded`). */
  async shutDown(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    await exited;
  }

  /** Stops the server and deletes its data directory. */
  async stop(): Promise<void> {
    await this.shutDown();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  /** Polls `/status/health` until it answers 200 (at most 30 s). */
  private async waitForHealth(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`Silt server exited with code ${this.child.exitCode}: ${this.stderrTail}`);
      try {
        if ((await fetch(`${this.url}/status/health`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('Silt server did not answer /status/health within 30 s');
      await sleep(50);
    }
  }

  /** Submits an MSQ task and polls its status until it leaves RUNNING; returns the wall time in ms. */
  private async runTask(query: string, maxNumTasks: number): Promise<number> {
    const t0 = performance.now();
    const response = await fetch(`${this.url}/druid/v2/sql/task`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, context: { maxNumTasks } }),
    });
    const submitted = (await response.json()) as { taskId?: string };
    if (!response.ok || !submitted.taskId) throw new Error(`Silt task submit failed (${response.status}): ${JSON.stringify(submitted)}`);
    for (;;) {
      const status = (await (await fetch(`${this.url}/druid/indexer/v1/task/${submitted.taskId}/status`)).json()) as {
        status: { status: string; errorMsg?: string };
      };
      if (status.status.status === 'SUCCESS') return performance.now() - t0;
      if (status.status.status !== 'RUNNING') throw new Error(`Silt task ${submitted.taskId} ${status.status.status}: ${status.status.errorMsg}`);
      await sleep(25);
    }
  }
}
