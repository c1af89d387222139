/**
 * Parent-side handle on a DuckDB child process (`duckdb-child.mjs`): one file-backed database, one
 * process, so the database's peak RSS can be read from the process alone.
 */
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ChildIpc, type TimedRows } from './child-ipc.ts';
import { fileBytes, peakRssBytes } from './proc.ts';

const CHILD = fileURLToPath(new URL('./duckdb-child.mjs', import.meta.url));

/** A running DuckDB child with a fresh database file. */
export class DuckDbProcess {
  private constructor(
    private readonly child: ChildIpc,
    /** Path of the database file. */
    readonly dbPath: string,
  ) {}

  /**
   * Deletes any database at `dbPath` (and its WAL), forks the child and waits until the database is
   * open. `threads` 0 keeps DuckDB's default of one thread per core.
   */
  static async start(dbPath: string, threads = 0): Promise<DuckDbProcess> {
    await rm(dbPath, { force: true });
    await rm(`${dbPath}.wal`, { force: true });
    return new DuckDbProcess(await ChildIpc.fork(CHILD, [dbPath, String(threads)], 'DuckDB'), dbPath);
  }

  /** Process id of the child. */
  get pid(): number {
    return this.child.pid;
  }

  /** `CREATE TABLE t AS SELECT * FROM read_json(file)` then `CHECKPOINT`; returns the wall time in ms. */
  async ingest(file: string): Promise<number> {
    const reply = await this.child.request({ op: 'ingest', file });
    return reply.ms as number;
  }

  /** Runs one query and returns its time (inside the child) and rows. */
  query(sql: string): Promise<TimedRows> {
    return this.child.query(sql);
  }

  /** DuckDB's version string. */
  async version(): Promise<string> {
    return (await this.child.request({ op: 'version' })).version as string;
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
    await this.child.close();
    await rm(this.dbPath, { force: true });
    await rm(`${this.dbPath}.wal`, { force: true });
  }
}
