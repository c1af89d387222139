import { mkdir, readdir, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import {
  DruidError,
  type Fault,
  FaultError,
  type Interval,
  formatInterval,
  invalidInput,
  newId,
  newQueryTaskId,
  notFound,
  fault,
  sqlTypeName,
  toFault,
} from '@silt/common';
import {
  type EngineServices,
  type IngestServices,
  type ProcessingPool,
  type QueryDefinition,
  QueryRun,
  type QueryReport,
  type QueryRunSettings,
  type ServerMemory,
  buildQueryDefinition,
  defaultServerMemory,
  failedReport,
} from '@silt/engine';
import { type Frame, frameFromRows } from '@silt/frame';
import { LOCK_LOST_ERROR_CODE, type MetadataStore, type TaskFilter, type TaskRecord } from '@silt/metadata';
import { newVersion } from '@silt/segment';
import { type PlannedStatement, type ResolvedContext, type SqlEngine, isIngest, planSql, resolveQueryContext } from '@silt/sql';
import type { DeepStorage } from '@silt/storage';
import { type NativeIngestPlan, parseTaskSpec } from '@silt/indexing';
import { controllerTaskPayload } from './controller-task.ts';
import { discoverColumns, ingestionReport, nativeStatement, nativeTaskId, nativeTaskPayload } from './native-task.ts';
import { errorMsgOf, nativeErrorMsg } from './task-error-msg.ts';
import { subTaskRecords } from './subtasks.ts';
import { TaskLogs } from './task-logs.ts';
import { supervisorChat } from './supervisor-chat.ts';
import { EXPLAIN_SIGNATURE, explainRow } from './explain.ts';
import { engineServices } from './engine-services.ts';
import { checkExternalInputs } from './extern-inputs.ts';
import { SchemaCache } from './schema-cache.ts';
import type { TaskLocation } from './system-tables.ts';
import { taskListView, taskStatusView } from './task-views.ts';

/** A SQL request, as POSTed to /druid/v2/sql/task and /druid/v2/sql. */
export interface SqlRequest {
  readonly query: string;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly parameters?: readonly { readonly type: string; readonly value: unknown }[];
}

export interface OverlordOptions {
  readonly metadata: MetadataStore;
  readonly deepStorage: DeepStorage;
  readonly pool: ProcessingPool;
  /** Scratch space for running tasks; emptied at start (restart recovery). */
  readonly workDir: string;
  readonly location: TaskLocation;
  /** Where `INSERT INTO EXTERN(local(exportPath => …))` may write; exports are refused without it. */
  readonly exportBaseDir?: string;
  /**
   * Bytes of memory for query processing in this server (default: half the machine's). Each query
   * splits it between its workers; it sets the broadcast join budget and the least memory a stage
   * needs (NotEnoughMemory below).
   */
  readonly workerMemory?: number;
  /** Where task logs are kept (`GET /druid/indexer/v1/task/{id}/log`). */
  readonly taskLogDir: string;
}

/** SQL types of a statement's output columns (a SELECT's are planned; ingested rows use the column types). */
function sqlTypeNamesOf(statement: PlannedStatement): readonly string[] {
  return isIngest(statement) ? statement.outputColumns.map((c) => sqlTypeName(c.type, c.name)) : statement.sqlTypeNames;
}

/** A task in flight: its run, how to build its report (live), and the native plan of native tasks. */
interface RunningTask {
  readonly run: QueryRun;
  readonly report: () => unknown;
  readonly native: NativeIngestPlan | null;
}

/** Native partitionsSpecs bring their own segment sizes; this only backs the engine's default. */
const DEFAULT_NATIVE_ROWS_PER_SEGMENT = 5_000_000;

/** Druid's "unlimited" for native maxParseExceptions (Integer.MAX_VALUE). */
const MAX_INT = 2_147_483_647;

/** What submitting SQL answers: a started task, or an EXPLAIN's plan. */
export type SubmitResult = { readonly taskId: string; readonly state: 'RUNNING' } | { readonly explain: readonly string[] };

/** Exports may only write under the configured base directory (Druid's druid.export.storage.baseDir). */
function checkExportPath(exportPath: string, baseDir: string | undefined): void {
  if (!baseDir) throw invalidInput('Exporting to local storage is not configured: set the export base directory (SILT_EXPORT_DIR) first');
  const rel = relative(resolve(baseDir), resolve(exportPath));
  if (!isAbsolute(exportPath) || rel.startsWith('..') || isAbsolute(rel)) {
    throw invalidInput(`The provided destination [${exportPath}] must be within the export base directory [${baseDir}]`);
  }
}

/** The plan of a running index_parallel job with subtasks (maxNumConcurrentSubTasks > 1), else null. */
function parallelPlan(task: RunningTask): NativeIngestPlan | null {
  const plan = task.native;
  return plan?.taskType === 'index_parallel' && plan.tuning.maxNumConcurrentSubTasks > 1 ? plan : null;
}

/** Whether a task record passes a task-list filter (state as Druid's lists use it, dataSource). */
function matchesFilter(t: TaskRecord, filter: TaskFilter): boolean {
  if (filter.dataSource !== undefined && t.dataSource !== filter.dataSource) return false;
  switch (filter.state) {
    case undefined:
      return true;
    case 'complete':
      return t.status !== 'RUNNING';
    case 'running':
      return t.status === 'RUNNING' && t.runnerStatusCode === 'RUNNING';
    case 'waiting':
      return t.runnerStatusCode === 'WAITING';
    case 'pending':
      return t.runnerStatusCode === 'PENDING';
  }
}

/** How often a REPLACE waiting for a lock tries again. */
const LOCK_RETRY_MS = 100;

/**
 * The task lifecycle (Druid's Overlord, for MSQ controller tasks): accepts SQL tasks, runs each as a
 * QueryRun, keeps status and reports in the metadata store, holds time-chunk locks, publishes, and
 * recovers after a restart (tasks that were running are failed, their locks released and their
 * scratch files deleted; published data is untouched).
 */
export class Overlord {
  private readonly running = new Map<string, RunningTask>();
  private readonly finished = new Map<string, Promise<void>>();
  /** Interactive queries in flight (cancelled on close). */
  private readonly queries = new Set<QueryRun>();
  readonly schemas: SchemaCache;
  private readonly services: EngineServices;
  private readonly logs: TaskLogs;
  private readonly memory: ServerMemory;

  private constructor(private readonly opts: OverlordOptions) {
    this.logs = new TaskLogs(opts.taskLogDir);
    this.memory = { serverMemory: opts.workerMemory ?? defaultServerMemory(), serverThreads: opts.pool.threads };
    this.schemas = new SchemaCache(opts.metadata);
    this.services = engineServices({ ...opts, schemas: this.schemas });
  }

  static async start(opts: OverlordOptions): Promise<Overlord> {
    const o = new Overlord(opts);
    await o.recover();
    await o.schemas.refresh();
    return o;
  }

  /**
   * Plans and starts an MSQ task. Invalid SQL throws a DruidError (HTTP 400) and creates nothing.
   * EXPLAIN PLAN FOR answers with the plan at once instead of starting a task.
   */
  async submitSql(request: SqlRequest): Promise<SubmitResult> {
    const { statement, ctx, definition, planFault } = this.plan(request, 'msq-task');
    if (statement.explain) return { explain: explainRow(statement, definition) };
    const taskId = newQueryTaskId();
    const record: TaskRecord = {
      id: taskId,
      groupId: taskId,
      type: 'query_controller',
      dataSource: isIngest(statement) ? statement.dataSource : '__query_select',
      createdTime: new Date().toISOString(),
      status: 'RUNNING',
      runnerStatusCode: 'RUNNING',
      duration: -1,
      errorMsg: null,
      payload: controllerTaskPayload({ taskId, statement, definition, context: ctx, sqlTypeNames: sqlTypeNamesOf(statement) }),
    };
    await this.opts.metadata.insertTask(record);
    if (planFault) {
      await this.failTask(record, planFault);
      return { taskId, state: 'RUNNING' };
    }
    // Only SQL tasks check the minimum worker memory and enforce the context's timeout (0: none).
    const settings = { ...this.runSettings(ctx, ctx.maxParseExceptions, ctx.failOnEmptyInsert), checkMinimumMemory: true, ...(ctx.timeout > 0 ? { timeout: ctx.timeout } : {}) };
    const run = new QueryRun(taskId, statement, definition, settings, this.services, isIngest(statement) ? this.ingestServices(taskId, statement, ctx.priority) : null);
    this.start(record, { run, report: () => run.report(), native: null });
    return { taskId, state: 'RUNNING' };
  }

  /**
   * Starts a native `index` / `index_parallel` task (POST /druid/indexer/v1/task). An invalid spec
   * throws a DruidError (HTTP 400) naming the field, and creates nothing.
   */
  async submitTask(json: unknown): Promise<{ task: string }> {
    const type = (json as { type?: unknown } | null)?.type;
    if (type !== 'index' && type !== 'index_parallel') throw invalidInput(`Task type [${String(type)}] is not supported: Silt runs [index] and [index_parallel] tasks (and SQL tasks through /druid/v2/sql/task)`);
    let parsed = parseTaskSpec(json);
    if (parsed.plan.schemaDiscovery) parsed = parseTaskSpec(json, { discoveredColumns: await discoverColumns(parsed.plan) });
    const id = parsed.id ?? nativeTaskId(parsed.type, parsed.plan.dataSource);
    if (await this.opts.metadata.getTask(id)) throw invalidInput(`Task [${id}] already exists!`);
    const statement = nativeStatement(parsed.plan);
    // The task context's `priority` (Druid's default for batch tasks, 50, when unset); a bad one is a 400.
    const { priority } = resolveQueryContext({ priority: parsed.context.priority });
    const tuning = parsed.plan.tuning;
    // maxNumConcurrentSubTasks 1 (and the index task) run sequentially: one worker.
    const workers = parsed.type === 'index' ? 1 : Math.max(1, tuning.maxNumConcurrentSubTasks);
    const definition = buildQueryDefinition(statement, { maxWorkers: workers, rowsPerSegment: DEFAULT_NATIVE_ROWS_PER_SEGMENT });
    const record: TaskRecord = {
      id,
      groupId: id,
      type: parsed.type,
      dataSource: parsed.plan.dataSource,
      createdTime: new Date().toISOString(),
      status: 'RUNNING',
      runnerStatusCode: 'RUNNING',
      duration: -1,
      errorMsg: null,
      payload: nativeTaskPayload(id, parsed),
    };
    await this.opts.metadata.insertTask(record);
    const parallel = parsed.type === 'index_parallel' && workers > 1;
    const settings: QueryRunSettings = {
      ...this.runSettings(resolveQueryContext({}), tuning.maxParseExceptions >= MAX_INT ? -1 : tuning.maxParseExceptions, false),
      maxWorkers: workers,
      // Native tasks do not move rows in frames: Druid has no RowTooLarge for them, and stores null bytes.
      maxFrameSize: Infinity,
      nullBytes: 'keep',
      partialRows: { dimensions: parsed.plan.dimensions },
      maxSavedParseExceptions: tuning.maxSavedParseExceptions,
      ...(tuning.logParseExceptions ? { logParseException: (message: string) => this.logs.append(id, `Encountered parse exception: ${message}`, 'ERROR') } : {}),
      ...(parallel ? { subtasks: { splitHintSpec: tuning.splitHintSpec, maxConcurrent: workers, maxRetry: tuning.maxRetry } } : {}),
    };
    const run = new QueryRun(id, statement, definition, settings, this.services, this.ingestServices(id, statement, priority));
    const report = () => {
      const snap = run.report().multiStageQuery.payload.status;
      const state = snap.status as 'RUNNING' | 'SUCCESS' | 'FAILED';
      const error = snap.errorReport as { error: Fault } | undefined;
      return ingestionReport(id, run, parsed.plan, state, error ? nativeErrorMsg(error.error) : null);
    };
    this.start(record, { run, report, native: parsed.plan });
    return { task: id };
  }

  /** Runs an interactive SELECT (POST /druid/v2/sql), or explains any statement; returns all rows with their SQL types. */
  async query(request: SqlRequest): Promise<{ frame: Frame; sqlTypeNames: readonly string[] }> {
    const { statement, ctx, definition, planFault } = this.plan(request, 'native');
    if (statement.explain) return { frame: frameFromRows(EXPLAIN_SIGNATURE, [explainRow(statement, definition)]), sqlTypeNames: ['VARCHAR', 'VARCHAR', 'VARCHAR'] };
    if (statement.kind !== 'select') {
      throw invalidInput(`Cannot execute [${statement.kind.toUpperCase()}] with SQL engine [native]. Use POST /druid/v2/sql/task to run INSERT and REPLACE statements.`);
    }
    if (planFault) throw new DruidError('UNSUPPORTED', planFault.errorCode, planFault.errorMessage);
    // Druid's native query engine writes no frames, so null bytes come back as they are. No report
    // shows the stages, so a GROUP BY one task can finish runs as that task.
    const settings: QueryRunSettings = { ...this.runSettings(ctx, -1, false), nullBytes: 'keep', oneTaskGroupBy: true };
    const run = new QueryRun(`sql-${definition.queryId}`, statement, definition, settings, this.services, null);
    this.queries.add(run);
    const outcome = await run.done.finally(() => this.queries.delete(run));
    if (outcome.fault) {
      const category = outcome.fault.errorCode === 'QueryNotSupported' ? 'UNSUPPORTED' : 'RUNTIME_FAILURE';
      throw new DruidError(category, outcome.fault.errorCode, outcome.fault.errorMessage);
    }
    return { frame: outcome.results!, sqlTypeNames: statement.sqlTypeNames };
  }

  /**
   * Plans a request for an SQL engine (`msq-task` for tasks, `native` for interactive queries):
   * the statement, its context, and its stages. A plan the engine cannot run
   * (QueryNotSupported) is returned as a fault: a task still records it, as Druid's controller does.
   */
  private plan(request: SqlRequest, engine: SqlEngine): { statement: PlannedStatement; ctx: ResolvedContext; definition: QueryDefinition; planFault: Fault | null } {
    const statement = planSql({ query: request.query, context: { ...request.context }, parameters: request.parameters }, this.schemas, engine);
    const ctx = resolveQueryContext(statement.context);
    checkExternalInputs(statement.plan);
    if (statement.kind === 'export') checkExportPath(statement.destination.exportPath, this.opts.exportBaseDir);
    try {
      const definition = buildQueryDefinition(statement, { maxWorkers: ctx.maxNumTasks - 1, rowsPerSegment: ctx.rowsPerSegment, joinAlgorithm: ctx.sqlJoinAlgorithm });
      return { statement, ctx, definition, planFault: null };
    } catch (e) {
      if (!(e instanceof FaultError)) throw e;
      return { statement, ctx, definition: { queryId: newId(), stages: [] }, planFault: e.fault };
    }
  }

  /** A query run's settings from its resolved context. */
  private runSettings(ctx: ResolvedContext, maxParseExceptions: number, failOnEmptyInsert: boolean): QueryRunSettings {
    return {
      maxWorkers: ctx.maxNumTasks - 1,
      rowsPerSegment: ctx.rowsPerSegment,
      maxParseExceptions,
      failOnEmptyInsert,
      taskAssignment: ctx.taskAssignment,
      maxInputBytesPerWorker: ctx.maxInputBytesPerWorker,
      nullBytes: ctx.removeNullBytes ? 'remove' : 'reject',
      memory: this.memory,
      checkMinimumMemory: false,
      maxNumSegments: ctx.maxNumSegments,
      maxFrameSize: ctx.maxFrameSize,
      selectDestination: ctx.selectDestination,
    };
  }

  async taskPayload(id: string): Promise<{ task: string; payload: unknown }> {
    const t = await this.task(id);
    return { task: t.id, payload: t.payload };
  }

  async taskStatus(id: string): Promise<ReturnType<typeof taskStatusView>> {
    return taskStatusView(await this.task(id), this.opts.location);
  }

  /** The task's report: live while it runs, as saved once it ended. */
  async taskReport(id: string): Promise<QueryReport | unknown> {
    const running = this.running.get(id);
    if (running) return running.report();
    const report = await this.opts.metadata.getReport(id);
    if (report === undefined) throw notFound(`Unable to find report for task [${id}]`);
    return report;
  }

  /**
   * The task's log from byte `offset` (negative: from the end). A 404 when the task is unknown or
   * has no log yet, in Druid's words.
   */
  async taskLog(id: string, offset = 0): Promise<string> {
    const log = await this.logs.read(id, offset);
    if (log === null) throw notFound('No log was found for this task. The task may not exist, or it may not have begun running yet.');
    return log;
  }

  /** Cancels a running task (Druid's shutdown); answers for finished tasks too, as Druid does. */
  async shutdown(id: string): Promise<{ task: string }> {
    await this.task(id);
    this.running.get(id)?.run.cancel();
    return { task: id };
  }

  /**
   * A running native supervisor's chat endpoint (`/druid/worker/v1/chat/{id}/{path…}`); 404 when
   * the task is unknown, not running, not native, sequential, or the endpoint does not exist.
   */
  supervisorChat(id: string, path: readonly string[]): unknown {
    const task = this.running.get(id);
    const answer = task?.native ? supervisorChat(id, task.run, task.native, path, parallelPlan(task) !== null) : undefined;
    if (answer === undefined) throw notFound(`No chat handler for [${path.join('/')}] of task [${id}]`);
    return answer;
  }

  /** Task lists: the stored tasks, and the subtasks of running parallel jobs (stored once a job ends). */
  async listTasks(filter: TaskFilter = {}): Promise<Record<string, unknown>[]> {
    const live = this.liveSubTasks().filter((t) => matchesFilter(t, filter));
    const stored = await this.opts.metadata.listTasks(filter);
    const all = [...live, ...stored];
    return (filter.max === undefined ? all : all.slice(0, filter.max)).map((t) => taskListView(t, this.opts.location));
  }

  /** Subtask records (running and finished attempts) of the parallel native jobs running now. */
  private liveSubTasks(): TaskRecord[] {
    return [...this.running].flatMap(([id, task]) => {
      const plan = parallelPlan(task);
      return plan ? subTaskRecords(id, task.run, plan, true) : [];
    });
  }

  /** Resolves once the task has ended and its status is stored. */
  async waitForTask(id: string): Promise<ReturnType<typeof taskStatusView>> {
    await this.finished.get(id);
    return this.taskStatus(id);
  }

  /** Cancels running tasks and interactive queries and waits for them to end. */
  async close(): Promise<void> {
    for (const run of [...[...this.running.values()].map((r) => r.run), ...this.queries]) run.cancel();
    await Promise.all([...this.finished.values(), ...[...this.queries].map((q) => q.done.catch(() => undefined))]);
  }

  private async task(id: string): Promise<TaskRecord> {
    const t = (await this.opts.metadata.getTask(id)) ?? this.liveSubTasks().find((s) => s.id === id);
    if (!t) throw notFound(`Cannot find any task with id: [${id}]`);
    return t;
  }

  /**
   * Locks and publishes for one ingesting task. A lock conflicting only with locks of lower
   * priority revokes them (Druid's preemption); their tasks then fail at publish with
   * InsertLockPreempted, since a revoked lock no longer covers their segments.
   */
  private ingestServices(taskId: string, statement: Extract<PlannedStatement, { kind: 'insert' | 'replace' }>, priority: number): IngestServices {
    const { metadata } = this.opts;
    return {
      lock: async (intervals: readonly Interval[], signal: AbortSignal) => {
        for (;;) {
          const version = newVersion();
          const result = await metadata.tryLock(intervals.map((interval) => ({ taskId, dataSource: statement.dataSource, interval, version, lockType: 'EXCLUSIVE', priority })));
          if (result.ok) return version;
          if (statement.kind === 'insert') {
            throw new FaultError(fault('InsertCannotAllocateSegment', { dataSource: statement.dataSource, interval: formatInterval(result.conflict.interval) }));
          }
          // REPLACE queues behind a task of the same or higher priority holding the chunk, as Druid's time-chunk locks do.
          await sleep(LOCK_RETRY_MS, undefined, { signal }).catch(() => {
            throw new FaultError(fault('Canceled'));
          });
        }
      },
      publish: async (segments, overwrite) => {
        try {
          await metadata.publishSegments(taskId, segments, overwrite);
        } catch (e) {
          if (e instanceof DruidError && e.errorCode === LOCK_LOST_ERROR_CODE) throw new FaultError(fault('InsertLockPreempted'));
          throw e;
        }
      },
    };
  }

  /**
   * Stores a finished task's report and status and releases its locks. Never throws: a failure
   * here marks the task FAILED as best it can, and the locks and bookkeeping are released anyway.
   */
  private start(record: TaskRecord, task: RunningTask): void {
    this.logs.append(record.id, `Running task [${record.id}] of type [${record.type}] for dataSource [${record.dataSource}]`);
    this.running.set(record.id, task);
    this.finished.set(record.id, this.complete(record, task));
  }

  private async complete(record: TaskRecord, task: RunningTask): Promise<void> {
    const { metadata } = this.opts;
    try {
      const outcome = await task.run.done;
      const plan = parallelPlan(task);
      // Subtasks are stored before the supervisor's status, so a client that sees it ended finds them.
      if (plan) for (const sub of subTaskRecords(record.id, task.run, plan, false)) await metadata.insertTask(sub);
      await metadata.saveReport(record.id, task.report());
      const errorMsg = outcome.fault ? (task.native ? nativeErrorMsg(outcome.fault) : errorMsgOf(outcome.fault)) : null;
      this.logs.append(record.id, `Task [${record.id}] finished with status [${outcome.status}]${errorMsg ? `: ${errorMsg}` : ''}`, outcome.status === 'SUCCESS' ? 'INFO' : 'ERROR');
      // Refresh the schema before reporting SUCCESS, so a client that sees SUCCESS can query at once.
      if (outcome.status === 'SUCCESS' && record.dataSource !== '__query_select') await this.schemas.refresh(record.dataSource);
      await metadata.updateTaskStatus(record.id, {
        status: outcome.status,
        runnerStatusCode: 'NONE',
        duration: Date.now() - Date.parse(record.createdTime),
        errorMsg,
      });
    } catch (e) {
      const f = toFault(e);
      await metadata
        .updateTaskStatus(record.id, { status: 'FAILED', runnerStatusCode: 'NONE', duration: Date.now() - Date.parse(record.createdTime), errorMsg: errorMsgOf(f) })
        .catch(() => undefined);
    } finally {
      await metadata.releaseLocks(record.id).catch(() => undefined);
      this.running.delete(record.id);
      this.finished.delete(record.id);
    }
  }

  /** Ends a task that never ran (or whose run was lost): failed report, FAILED status, locks released. */
  private async failTask(t: TaskRecord, f: Fault): Promise<void> {
    const { metadata } = this.opts;
    await metadata.saveReport(t.id, failedReport(t.id, f, Date.parse(t.createdTime)));
    await metadata.updateTaskStatus(t.id, { status: 'FAILED', runnerStatusCode: 'NONE', duration: Date.now() - Date.parse(t.createdTime), errorMsg: errorMsgOf(f) });
    await metadata.releaseLocks(t.id);
  }

  /** Restart recovery: fails tasks left running by a stopped server and clears scratch space. */
  private async recover(): Promise<void> {
    const { metadata, workDir } = this.opts;
    const stale = [...(await metadata.listTasks({ state: 'running' })), ...(await metadata.listTasks({ state: 'pending' })), ...(await metadata.listTasks({ state: 'waiting' }))];
    for (const t of stale) await this.failTask(t, fault('Canceled'));
    await mkdir(workDir, { recursive: true });
    for (const entry of await readdir(workDir)) await rm(join(workDir, entry), { recursive: true, force: true });
  }
}
