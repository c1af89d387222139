import { invalidInput } from '@silt/common';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { KyselyMetadataStore } from './kysely-metadata-store.ts';
import type { MetadataStore } from './metadata-store.ts';
import type { SiltDatabase } from './schema.ts';

/** Options of {@link openPostgresMetadataStore}. */
export interface PostgresMetadataStoreOptions {
  /**
   * Schema holding the `silt_*` tables (created if missing; every connection's search_path).
   * Lower-case letters, digits and `_` only. Default: the server's search_path (usually `public`).
   */
  readonly schema?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Epoch millis are BIGINT; pg returns int8 as text unless told otherwise. Values stay within 2^53. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Opens a PostgreSQL metadata store (a pg Pool) and creates the schema and tables if missing.
 *
 * @example
 * const store = await openPostgresMetadataStore('postgres://silt@db/silt', { schema: 'silt' });
 * await store.listTasks({ state: 'running' });
 * await store.close();
 */
export async function openPostgresMetadataStore(connectionString: string, options: PostgresMetadataStoreOptions = {}): Promise<MetadataStore> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw invalidInput(`Invalid metadata schema name [${schema}]: use lower-case letters, digits and underscores`);
  }
  const pool = new pg.Pool({ connectionString, types, ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }) });
  const db = new Kysely<SiltDatabase>({ dialect: new PostgresDialect({ pool }) });
  const store = new KyselyMetadataStore(db, 'postgres');
  try {
    if (schema !== undefined) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    await store.init();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}
