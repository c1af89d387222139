import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RowSignature } from '@silt/common';
import { ProcessingPool } from '@silt/engine';
import { frameToRows } from '@silt/frame';
import { type MetadataStore, type TaskFilter, openMetadataStore } from '@silt/metadata';
import { Overlord, type SqlRequest, type SubmitResult } from '@silt/overlord';
import { localDeepStorage } from '@silt/storage';

/** Options of an embedded Silt. */
export interface SiltOptions {
  /** Where metadata (SQLite), deep storage and scratch files live. Default `./var`. */
  readonly dataDir?: string;
  /** Metadata store URL: `postgres://…` for PostgreSQL; default SQLite at `{dataDir}/metadata.db`. */
  readonly metadataUrl?: string;
  /** Processing threads; default: one per core. */
  readonly threads?: number;
  /** Host and port tasks report as their location (the HTTP server's). */
  readonly location?: { readonly host: string; readonly port: number };
  /** Where SQL exports (`INSERT INTO EXTERN(local(exportPath => …))`) may write; unset = exports refused. */
  readonly exportBaseDir?: string;
  /**
   * Bytes of memory for query processing (default: half the machine's). A query splits it between
   * its workers; an SQL task's stage that cannot fit in a worker's share fails with NotEnoughMemory, and a
   * fifth of the share may hold broadcast join inputs (BroadcastTablesTooLarge beyond).
   */
  readonly workerMemory?: number;
}

/** Rows of an interactive SQL query. TIMESTAMP columns hold epoch millis; `sqlTypeNames` says which. */
export interface QueryResult {
  readonly signature: RowSignature;
  readonly sqlTypeNames: readonly string[];
  readonly rows: unknown[][];
}

/**
 * Silt embedded in a process: Druid's SQL-based ingestion and task API as a library. The HTTP
 * server is a thin layer over this class.
 *
 * @example
 * const silt = await Silt.open({ dataDir: './var' });
 * const { taskId } = await silt.submitSql({ query: "INSERT INTO t SELECT TIME_PARSE(ts) AS __time, x FROM TABLE(EXTERN('{\"type\":\"inline\",\"data\":\"{\\\"ts\\\":\\\"2024-01-01\\\",\\\"x\\\":1}\"}', '{\"type\":\"json\"}', '[{\"name\":\"ts\",\"type\":\"string\"},{\"name\":\"x\",\"type\":\"long\"}]')) PARTITIONED BY DAY" });
 * await silt.waitForTask(taskId);
 * const { rows } = await silt.query({ query: 'SELECT COUNT(*) FROM t' });
 * await silt.close();
 */
export class Silt {
  private constructor(
    private readonly overlord: Overlord,
    private readonly metadata: MetadataStore,
    private readonly pool: ProcessingPool,
  ) {}

  static async open(options: SiltOptions = {}): Promise<Silt> {
    const dataDir = resolve(options.dataDir ?? 'var');
    await mkdir(dataDir, { recursive: true });
    const metadata = await openMetadataStore(options.metadataUrl ?? join(dataDir, 'metadata.db'));
    const pool = new ProcessingPool(options.threads);
    const overlord = await Overlord.start({
      metadata,
      deepStorage: localDeepStorage(join(dataDir, 'segments')),
      pool,
      workDir: join(dataDir, 'tmp'),
      location: options.location ?? { host: 'localhost', port: 8888 },
      exportBaseDir: options.exportBaseDir,
      workerMemory: options.workerMemory,
      taskLogDir: join(dataDir, 'tasklogs'),
    });
    return new Silt(overlord, metadata, pool);
  }

  /**
   * Submits an INSERT, REPLACE, export or SELECT as an MSQ task; EXPLAIN PLAN FOR answers with the
   * plan instead. Invalid SQL throws a DruidError (400).
   */
  submitSql(request: SqlRequest): Promise<SubmitResult> {
    return this.overlord.submitSql(request);
  }

  /**
   * Submits a native `index` / `index_parallel` task spec (Druid's JSON). An invalid spec throws a
   * DruidError (400) naming the field.
   */
  submitTask(spec: unknown): Promise<{ task: string }> {
    return this.overlord.submitTask(spec);
  }

  /** A running native supervisor's chat endpoint (`mode`, `phase`, `progress`, `subtaskspecs`, …). */
  supervisorChat(taskId: string, path: readonly string[]): unknown {
    return this.overlord.supervisorChat(taskId, path);
  }

  taskStatus(taskId: string) {
    return this.overlord.taskStatus(taskId);
  }

  taskPayload(taskId: string) {
    return this.overlord.taskPayload(taskId);
  }

  taskReport(taskId: string) {
    return this.overlord.taskReport(taskId);
  }

  /** The task's log from byte `offset` (negative: from the end); 404 when it has none. */
  taskLog(taskId: string, offset?: number) {
    return this.overlord.taskLog(taskId, offset);
  }

  /** Cancels a task (Druid's shutdown). */
  cancelTask(taskId: string) {
    return this.overlord.shutdown(taskId);
  }

  listTasks(filter?: TaskFilter) {
    return this.overlord.listTasks(filter);
  }

  /** Resolves with the task's final status once it has ended. */
  waitForTask(taskId: string) {
    return this.overlord.waitForTask(taskId);
  }

  /** Runs an interactive SELECT over ingested datasources and system tables. */
  async query(request: SqlRequest): Promise<QueryResult> {
    const { frame, sqlTypeNames } = await this.overlord.query(request);
    return { signature: frame.signature, sqlTypeNames, rows: frameToRows(frame) };
  }

  /** Cancels running tasks, then closes the pool and the metadata store. */
  async close(): Promise<void> {
    await this.overlord.close();
    await this.pool.close();
    await this.metadata.close();
  }
}
