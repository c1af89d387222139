import { condenseIntervals, contains, DruidError, formatInterval, invalidInput, type Interval } from '@silt/common';
import type { DataSegment } from '@silt/segment';
import type { Kysely, Transaction } from 'kysely';
import { lockToRow, rowToLock } from './lock-row.ts';
import type { LockRecord, MetadataStore, RunnerStatusCode, SegmentRecord, TaskFilter, TaskRecord, TaskStatusCode } from './metadata-store.ts';
import { createSchema, type MetadataDialect, type SiltDatabase } from './schema.ts';
import { rowToSegmentRecord, segmentIdOf, segmentToRow } from './segment-row.ts';
import { rowToTask, taskToRow } from './task-row.ts';

/** `errorCode` of the DruidError `publishSegments` throws when the task's locks do not cover its segments. */
export const LOCK_LOST_ERROR_CODE = 'lockLost';

/** Rows per multi-row INSERT / ids per IN list, well under both engines' bound-parameter limits. */
const BATCH = 100;

/** Thrown inside a `tryLock` transaction to roll it back; never escapes the store. */
class LockConflict extends Error {
  readonly conflict: LockRecord;
  constructor(conflict: LockRecord) {
    super('lock conflict');
    this.conflict = conflict;
  }
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

function lockLost(taskId: string, dataSource: string, interval: Interval, what: string): DruidError {
  return new DruidError(
    'CONFLICT',
    LOCK_LOST_ERROR_CODE,
    `Task [${taskId}] does not hold a lock on dataSource [${dataSource}] covering ${what} interval [${formatInterval(interval)}]: the lock was lost or never taken`,
    { taskId, dataSource, interval: formatInterval(interval) },
  );
}

/**
 * The one MetadataStore implementation: portable Kysely queries over the `silt_*` schema, run by
 * SQLite or PostgreSQL. Lock checks and publishes run in transactions that first upsert their
 * datasources' guard rows, so two of them on the same datasource never interleave.
 */
export class KyselyMetadataStore implements MetadataStore {
  readonly #db: Kysely<SiltDatabase>;
  readonly #dialect: MetadataDialect;

  /** Wraps an open Kysely instance; call `init()` before use. `close()` destroys `db`. */
  constructor(db: Kysely<SiltDatabase>, dialect: MetadataDialect) {
    this.#db = db;
    this.#dialect = dialect;
  }

  async init(): Promise<void> {
    await createSchema(this.#db, this.#dialect);
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }

  async insertTask(task: TaskRecord): Promise<void> {
    await this.#db.insertInto('silt_tasks').values(taskToRow(task)).execute();
  }

  async updateTaskStatus(
    id: string,
    update: { status: TaskStatusCode; runnerStatusCode: RunnerStatusCode; duration: number; errorMsg: string | null },
  ): Promise<void> {
    await this.#db
      .updateTable('silt_tasks')
      .set({ status: update.status, runner_status: update.runnerStatusCode, duration: update.duration, error_msg: update.errorMsg })
      .where('id', '=', id)
      .execute();
  }

  async getTask(id: string): Promise<TaskRecord | undefined> {
    const row = await this.#taskColumns().where('id', '=', id).executeTakeFirst();
    return row && rowToTask(row);
  }

  async listTasks(filter: TaskFilter = {}): Promise<TaskRecord[]> {
    let query = this.#taskColumns();
    switch (filter.state) {
      case 'running':
        query = query.where('status', '=', 'RUNNING').where('runner_status', '=', 'RUNNING');
        break;
      case 'complete':
        query = query.where('status', 'in', ['SUCCESS', 'FAILED']);
        break;
      case 'waiting':
        query = query.where('runner_status', '=', 'WAITING');
        break;
      case 'pending':
        query = query.where('runner_status', '=', 'PENDING');
        break;
      case undefined:
        break;
    }
    if (filter.dataSource !== undefined) query = query.where('datasource', '=', filter.dataSource);
    query = query.orderBy('created_time', 'desc').orderBy('id', 'asc');
    if (filter.max !== undefined) query = query.limit(Math.max(0, Math.floor(filter.max)));
    return (await query.execute()).map(rowToTask);
  }

  async saveReport(id: string, report: unknown): Promise<void> {
    await this.#db.updateTable('silt_tasks').set({ report: JSON.stringify(report ?? null) }).where('id', '=', id).execute();
  }

  async getReport(id: string): Promise<unknown | undefined> {
    const row = await this.#db.selectFrom('silt_tasks').select('report').where('id', '=', id).executeTakeFirst();
    return row?.report == null ? undefined : (JSON.parse(row.report) as unknown);
  }

  async tryLock(locks: readonly LockRecord[]): Promise<{ ok: true } | { ok: false; conflict: LockRecord }> {
    try {
      await this.#db.transaction().execute(async (trx) => {
        await guard(trx, locks.map((l) => l.dataSource));
        for (const lock of locks) {
          const conflicting = await trx
            .selectFrom('silt_task_locks')
            .selectAll()
            .where('datasource', '=', lock.dataSource)
            .where('task_id', '!=', lock.taskId)
            .where('start_ms', '<', lock.interval.end)
            .where('end_ms', '>', lock.interval.start)
            .where('revoked', '=', 0)
            .orderBy('id')
            .execute();
          const blocking = conflicting.find((c) => Number(c.priority) >= lock.priority);
          if (blocking) throw new LockConflict(rowToLock(blocking));
          // Every conflicting lock has a lower priority: revoke them (Druid's TaskLockbox does the same).
          for (const ids of chunks(conflicting.map((c) => c.id))) await trx.updateTable('silt_task_locks').set({ revoked: 1 }).where('id', 'in', ids).execute();
          const row = lockToRow(lock);
          const held = await trx
            .selectFrom('silt_task_locks')
            .select('id')
            .where('task_id', '=', row.task_id)
            .where('datasource', '=', row.datasource)
            .where('start_ms', '=', row.start_ms)
            .where('end_ms', '=', row.end_ms)
            .where('version', '=', row.version)
            .where('lock_type', '=', row.lock_type)
            .where('revoked', '=', 0)
            .executeTakeFirst();
          if (!held) await trx.insertInto('silt_task_locks').values(row).execute();
        }
      });
      return { ok: true };
    } catch (e) {
      if (e instanceof LockConflict) return { ok: false, conflict: e.conflict };
      throw e;
    }
  }

  async listLocks(taskId?: string): Promise<LockRecord[]> {
    let query = this.#db.selectFrom('silt_task_locks').selectAll();
    if (taskId !== undefined) query = query.where('task_id', '=', taskId);
    return (await query.orderBy('id').execute()).map(rowToLock);
  }

  async releaseLocks(taskId: string): Promise<void> {
    await this.#db.deleteFrom('silt_task_locks').where('task_id', '=', taskId).execute();
  }

  async publishSegments(taskId: string, segments: readonly DataSegment[], overwrite: readonly Interval[] = []): Promise<void> {
    if (segments.length === 0) {
      if (overwrite.length > 0) throw invalidInput('Cannot overwrite intervals without segments to publish: the dataSource is unknown');
      return;
    }
    const byDataSource = new Map<string, DataSegment[]>();
    for (const s of segments) {
      const group = byDataSource.get(s.dataSource);
      if (group) group.push(s);
      else byDataSource.set(s.dataSource, [s]);
    }
    const createdDate = new Date().toISOString();
    await this.#db.transaction().execute(async (trx) => {
      await guard(trx, [...byDataSource.keys()]);
      const held = (await trx.selectFrom('silt_task_locks').selectAll().where('task_id', '=', taskId).where('revoked', '=', 0).execute()).map(rowToLock);
      for (const [dataSource, group] of byDataSource) {
        const covering = condenseIntervals(held.filter((l) => l.dataSource === dataSource).map((l) => l.interval));
        const covered = (iv: Interval): boolean => covering.some((c) => contains(c, iv));
        for (const s of group) if (!covered(s.interval)) throw lockLost(taskId, dataSource, s.interval, `segment [${segmentIdOf(s)}]`);
        for (const iv of overwrite) if (!covered(iv)) throw lockLost(taskId, dataSource, iv, 'overwritten');
      }

      // Like Druid, segments whose id is already present are skipped, so a retried publish is harmless.
      const rows = segments.map((s) => segmentToRow(s, createdDate));
      const present = new Set<string>();
      for (const ids of chunks(rows.map((r) => r.id))) {
        for (const r of await trx.selectFrom('silt_segments').select('id').where('id', 'in', ids).execute()) present.add(r.id);
      }
      const fresh: typeof rows = [];
      for (const r of rows) {
        if (present.has(r.id)) continue;
        present.add(r.id);
        fresh.push(r);
      }
      for (const batch of chunks(fresh)) await trx.insertInto('silt_segments').values(batch).execute();

      for (const [dataSource, group] of byDataSource) {
        await overshadow(trx, dataSource, group, overwrite);
      }
    });
  }

  async listUsedSegments(dataSource?: string, interval?: Interval): Promise<SegmentRecord[]> {
    let query = this.#db.selectFrom('silt_segments').select(['id', 'used', 'payload', 'created_date']).where('used', '=', 1);
    if (dataSource !== undefined) query = query.where('datasource', '=', dataSource);
    if (interval !== undefined) query = query.where('start_ms', '<', interval.end).where('end_ms', '>', interval.start);
    const rows = await query
      .orderBy('datasource')
      .orderBy('start_ms')
      .orderBy('end_ms')
      .orderBy('version')
      .orderBy('partition_num')
      .execute();
    return rows.map(rowToSegmentRecord);
  }

  async listDataSources(): Promise<string[]> {
    const rows = await this.#db.selectFrom('silt_segments').select('datasource').distinct().where('used', '=', 1).execute();
    return rows.map((r) => r.datasource).sort();
  }

  #taskColumns() {
    return this.#db
      .selectFrom('silt_tasks')
      .select(['id', 'group_id', 'type', 'datasource', 'created_time', 'status', 'runner_status', 'duration', 'error_msg', 'payload']);
  }
}

/**
 * Upserts the guard row of each datasource (sorted, so two transactions never wait on each other
 * in opposite orders). The upsert holds the row's write lock until the transaction ends.
 */
async function guard(trx: Transaction<SiltDatabase>, dataSources: readonly string[]): Promise<void> {
  for (const datasource of [...new Set(dataSources)].sort()) {
    await trx
      .insertInto('silt_datasource_guards')
      .values({ datasource, generation: 1 })
      .onConflict((oc) => oc.column('datasource').doUpdateSet((eb) => ({ generation: eb('silt_datasource_guards.generation', '+', 1) })))
      .execute();
  }
}

/**
 * Marks unused the used segments of `dataSource` that lie fully inside an `overwrite` interval and
 * whose version is lower than the newest version being published. Versions compare in JS (UTF-16
 * order, like Java's compareTo), not in SQL, so a database collation cannot change the answer.
 */
async function overshadow(trx: Transaction<SiltDatabase>, dataSource: string, published: readonly DataSegment[], overwrite: readonly Interval[]): Promise<void> {
  const newVersion = published.reduce((max, s) => (s.version > max ? s.version : max), published[0]!.version);
  const newIds = new Set(published.map(segmentIdOf));
  const dropped = new Set<string>();
  for (const iv of overwrite) {
    const candidates = await trx
      .selectFrom('silt_segments')
      .select(['id', 'version'])
      .where('datasource', '=', dataSource)
      .where('used', '=', 1)
      .where('start_ms', '>=', iv.start)
      .where('end_ms', '<=', iv.end)
      .execute();
    for (const c of candidates) if (c.version < newVersion && !newIds.has(c.id)) dropped.add(c.id);
  }
  for (const ids of chunks([...dropped])) await trx.updateTable('silt_segments').set({ used: 0 }).where('id', 'in', ids).execute();
}
