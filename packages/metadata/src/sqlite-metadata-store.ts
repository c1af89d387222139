import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyMetadataStore } from './kysely-metadata-store.ts';
import type { MetadataStore } from './metadata-store.ts';
import type { SiltDatabase } from './schema.ts';

/** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating if needed) an embedded SQLite metadata store at `path`, in WAL mode, and creates
 * the schema. Only one store per file per process: the store serializes its own transactions, but
 * two stores in one process would block each other on the file lock.
 *
 * @example
 * const store = await openSqliteMetadataStore('/var/lib/silt/metadata.db');
 * await store.listDataSources();
 * await store.close();
 */
export async function openSqliteMetadataStore(path: string): Promise<MetadataStore> {
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  database.pragma('synchronous = NORMAL');
  const store = new KyselyMetadataStore(new Kysely<SiltDatabase>({ dialect: new SqliteDialect({ database }) }), 'sqlite');
  try {
    await store.init();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
