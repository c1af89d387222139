/**
 * Parent-side handle on a DuckDB child process (`duckdb-child.mjs`): one file-backed database, one
 * process, so the database's peak RSS can be read from the process alone.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { fileBytes, peakRssBytes } from './proc.ts';

const CHILD = fileURLToPath(new URL('./duckdb-child.mjs', import.meta.url));

/** A reply from the child: `ok` with the op's fields, or the error message. */
type Reply = { readonly id: number; readonly ok: true; readonly [field: string]: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

/** Result of a timed query: wall time inside DuckDB (ms) and the rows as JSON values. */
export interface TimedRows {
  readonly ms: number;
  readonly rows: readonly (readonly unknown[])[];
}

/** A running DuckDB child with a fresh database file. */
export class DuckDbProcess {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    /** Path of the database file. */
    readonly dbPath: string,
  ) {
    child.on('message', (message: Reply) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      waiter.resolve(message);
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`DuckDB child exited with code ${code}`));
      this.pending.clear();
    });
  }

  /**
   * Deletes any database at `dbPath` (and its WAL), forks the child and waits until the database is
   * open. `threads` 0 keeps DuckDB's default of one thread per core.
   */
  static async start(dbPath: string, threads = 0): Promise<DuckDbProcess> {
    await rm(dbPath, { force: true });
    await rm(`${dbPath}.wal`, { force: true });
    const child = fork(CHILD, [dbPath, String(threads)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: boolean }) => {
        if (!message.ready) return;
        child.off('exit', onExit);
        resolve();
      };
      const onExit = (code: number | null) => reject(new Error(`DuckDB child exited with code ${code} before opening ${dbPath}`));
      child.once('message', onMessage);
      child.once('exit', onExit);
    });
    return new DuckDbProcess(child, dbPath);
  }

  /** Process id of the child. */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error('DuckDB child has no pid');
    return this.child.pid;
  }

  /** `CREATE TABLE t AS SELECT * FROM read_json(file)` then `CHECKPOINT`; returns the wall time in ms. */
  async ingest(file: string): Promise<number> {
    const reply = await this.request({ op: 'ingest', file });
    return reply.ms as number;
  }

  /** Runs one query and returns its time (inside the child) and rows. */
  async query(sql: string): Promise<TimedRows> {
    const reply = await this.request({ op: 'query', sql });
    return { ms: reply.ms as number, rows: reply.rows as unknown[][] };
  }

  /** DuckDB's version string. */
  async version(): Promise<string> {
    return (await this.request({ op: 'version' })).version as string;
  }

  /** Peak RSS of the child so far, in bytes. */
  peakRssBytes(): number {
    return peakRssBytes(this.pid);
  }

  /** Bytes of the database on disk: the file plus its WAL, if any. */
  async diskBytes(): Promise<number> {
    return (await fileBytes(this.dbPath)) + (await fileBytes(`${this.dbPath}.wal`));
  }

  /** Closes the database, waits for the child to exit, and deletes the database file. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      await this.request({ op: 'close' });
      await exited;
    }
    await rm(this.dbPath, { force: true });
    await rm(`${this.dbPath}.wal`, { force: true });
  }

  private request(message: Record<string, unknown>): Promise<Reply & { ok: true }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (reply) => (reply.ok ? resolve(reply) : reject(new Error(`DuckDB: ${reply.error}`))),
        reject,
      });
      this.child.send({ id, ...message });
    });
  }
}
