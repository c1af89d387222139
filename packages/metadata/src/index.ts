export * from './metadata-store.ts';
export { KyselyMetadataStore, LOCK_LOST_ERROR_CODE } from './kysely-metadata-store.ts';
export { openSqliteMetadataStore } from './sqlite-metadata-store.ts';
export { openPostgresMetadataStore, type PostgresMetadataStoreOptions } from './postgres-metadata-store.ts';
export { openMetadataStore } from './open-metadata-store.ts';
export { segmentIdOf } from './segment-row.ts';
export type { SiltDatabase, MetadataDialect } from './schema.ts';
