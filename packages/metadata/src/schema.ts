import { type Generated, type Kysely, sql } from 'kysely';

/** `silt_tasks`: one row per task (Druid's `druid_tasks`). JSON columns hold text. */
export interface TasksTable {
  id: string;
  group_id: string;
  type: string;
  datasource: string;
  /** ISO-8601, so text order is time order. */
  created_time: string;
  status: string;
  runner_status: string;
  duration: number;
  error_msg: string | null;
  payload: string;
  report: string | null;
}

/** `silt_task_locks`: time-chunk locks (Druid's `druid_tasklocks`), intervals in epoch millis. */
export interface TaskLocksTable {
  id: Generated<number>;
  task_id: string;
  datasource: string;
  start_ms: number;
  end_ms: number;
  version: string;
  lock_type: string;
  priority: number;
  /** 1 once a higher-priority task revoked the lock (kept until the holder ends), else 0. */
  revoked: number;
}

/** `silt_segments`: published segments (Druid's `druid_segments`); `used` is 0 or 1. */
export interface SegmentsTable {
  id: string;
  datasource: string;
  start_ms: number;
  end_ms: number;
  version: string;
  partition_num: number;
  used: number;
  payload: string;
  created_date: string;
}

/**
 * `silt_datasource_guards`: one row per datasource, upserted first by every transaction that
 * checks locks, so those transactions serialize per datasource on both SQLite and PostgreSQL
 * (the upsert takes the row's write lock until commit).
 */
export interface DatasourceGuardsTable {
  datasource: string;
  generation: number;
}

/** The metadata schema as Kysely sees it. */
export interface SiltDatabase {
  silt_tasks: TasksTable;
  silt_task_locks: TaskLocksTable;
  silt_segments: SegmentsTable;
  silt_datasource_guards: DatasourceGuardsTable;
}

/** The SQL engine behind a store; only the auto-increment column differs between them. */
export type MetadataDialect = 'sqlite' | 'postgres';

/**
 * Creates every table and index if missing (idempotent). Millis are `bigint`, which SQLite stores
 * with INTEGER affinity and PostgreSQL as BIGINT.
 */
export async function createSchema(db: Kysely<SiltDatabase>, dialect: MetadataDialect): Promise<void> {
  await db.schema
    .createTable('silt_tasks')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('datasource', 'text', (c) => c.notNull())
    .addColumn('created_time', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('runner_status', 'text', (c) => c.notNull())
    .addColumn('duration', 'bigint', (c) => c.notNull())
    .addColumn('error_msg', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('report', 'text')
    .execute();

  const locks = db.schema.createTable('silt_task_locks').ifNotExists();
  const withId =
    dialect === 'postgres'
      ? locks.addColumn('id', 'serial', (c) => c.primaryKey())
      : locks.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await withId
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('datasource', 'text', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('lock_type', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(sql.lit(0)))
    .execute();
  await addMissingRevokedColumn(db);

  await db.schema
    .createTable('silt_segments')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('datasource', 'text', (c) => c.notNull())
    .addColumn('start_ms', 'bigint', (c) => c.notNull())
    .addColumn('end_ms', 'bigint', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('partition_num', 'integer', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_date', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('silt_datasource_guards')
    .ifNotExists()
    .addColumn('datasource', 'text', (c) => c.primaryKey())
    .addColumn('generation', 'bigint', (c) => c.notNull().defaultTo(sql.lit(0)))
    .execute();

  await db.schema.createIndex('silt_segments_datasource_used').ifNotExists().on('silt_segments').columns(['datasource', 'used']).execute();
  await db.schema.createIndex('silt_task_locks_task_id').ifNotExists().on('silt_task_locks').column('task_id').execute();
  await db.schema.createIndex('silt_task_locks_datasource').ifNotExists().on('silt_task_locks').column('datasource').execute();
  await db.schema.createIndex('silt_tasks_created_time').ifNotExists().on('silt_tasks').column('created_time').execute();
}

/** Data directories made before lock preemption have a `silt_task_locks` without `revoked`. */
async function addMissingRevokedColumn(db: Kysely<SiltDatabase>): Promise<void> {
  const tables = await db.introspection.getTables();
  const locks = tables.find((t) => t.name === 'silt_task_locks');
  if (!locks || locks.columns.some((c) => c.name === 'revoked')) return;
  await db.schema.alterTable('silt_task_locks').addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(sql.lit(0))).execute();
}
