import { type RowSignature, formatInstant, sqlTypeName } from '@silt/common';
import { type Frame, frameFromRows } from '@silt/frame';
import type { MetadataStore, TaskRecord } from '@silt/metadata';
import { overshadowedIds, segmentIdString, segmentPayload, shardSpecJson } from '@silt/segment';
import type { SystemTableName } from '@silt/sql';
import type { SchemaCache } from './schema-cache.ts';

const JDBC_TYPES: Record<string, number> = { TIMESTAMP: 93, VARCHAR: 12, BIGINT: -5, DOUBLE: 8, FLOAT: 6 };

/**
 * Rows of Druid's system tables, built from the metadata store as of now. Each builder returns
 * rows as objects keyed by Druid's column names; `systemTableFrame` lays them out in the
 * planner's signature order.
 */
export async function systemTableFrame(table: SystemTableName, signature: RowSignature, metadata: MetadataStore, schemas: SchemaCache, location: TaskLocation): Promise<Frame> {
  const rows = await systemTableRows(table, metadata, schemas, location);
  return frameFromRows(signature, rows.map((r) => signature.map((c) => r[c.name] ?? null)));
}

/** Where tasks run (this process). */
export interface TaskLocation {
  readonly host: string;
  readonly port: number;
}

async function systemTableRows(table: SystemTableName, metadata: MetadataStore, schemas: SchemaCache, location: TaskLocation): Promise<Record<string, unknown>[]> {
  switch (table) {
    case 'sys.segments': {
      const records = await metadata.listUsedSegments();
      const overshadowed = overshadowedIds(records.map((r) => r.segment));
      return records.map(({ segment: s }) => {
        const id = segmentIdString(s);
        return {
          segment_id: id,
          datasource: s.dataSource,
          start: formatInstant(s.interval.start),
          end: formatInstant(s.interval.end),
          size: s.size,
          version: s.version,
          partition_num: s.shardSpec.partitionNum,
          num_replicas: 1,
          num_rows: s.numRows,
          is_active: overshadowed.has(id) ? 0 : 1,
          is_published: 1,
          is_available: 1,
          is_realtime: 0,
          is_overshadowed: overshadowed.has(id) ? 1 : 0,
          shard_spec: JSON.stringify(shardSpecJson(s.shardSpec)),
          dimensions: JSON.stringify(s.dimensions),
          metrics: JSON.stringify(s.metrics),
          last_compaction_state: null,
          replication_factor: 1,
          payload: JSON.stringify(segmentPayload(s)),
        };
      });
    }
    case 'sys.tasks':
      return (await metadata.listTasks()).map((t) => taskRow(t, location));
    case 'INFORMATION_SCHEMA.SCHEMATA':
      return ['druid', 'sys', 'INFORMATION_SCHEMA', 'lookup', 'view'].map((name) => ({
        CATALOG_NAME: 'druid',
        SCHEMA_NAME: name,
        SCHEMA_OWNER: null,
        DEFAULT_CHARACTER_SET_CATALOG: null,
        DEFAULT_CHARACTER_SET_SCHEMA: null,
        DEFAULT_CHARACTER_SET_NAME: null,
        SQL_PATH: null,
      }));
    case 'INFORMATION_SCHEMA.TABLES':
      return [
        ...schemas.dataSources().map((name) => ({ TABLE_CATALOG: 'druid', TABLE_SCHEMA: 'druid', TABLE_NAME: name, TABLE_TYPE: 'TABLE', IS_JOINABLE: 'NO', IS_BROADCAST: 'NO' })),
        ...['segments', 'tasks'].map((name) => ({ TABLE_CATALOG: 'druid', TABLE_SCHEMA: 'sys', TABLE_NAME: name, TABLE_TYPE: 'SYSTEM_TABLE', IS_JOINABLE: 'NO', IS_BROADCAST: 'NO' })),
        ...['COLUMNS', 'SCHEMATA', 'TABLES'].map((name) => ({ TABLE_CATALOG: 'druid', TABLE_SCHEMA: 'INFORMATION_SCHEMA', TABLE_NAME: name, TABLE_TYPE: 'SYSTEM_TABLE', IS_JOINABLE: 'NO', IS_BROADCAST: 'NO' })),
      ];
    case 'INFORMATION_SCHEMA.COLUMNS':
      return schemas.dataSources().flatMap((name) =>
        schemas.tableSignature(name)!.map((c, i) => {
          const dataType = sqlTypeName(c.type, c.name);
          return {
            TABLE_CATALOG: 'druid',
            TABLE_SCHEMA: 'druid',
            TABLE_NAME: name,
            COLUMN_NAME: c.name,
            ORDINAL_POSITION: i + 1,
            COLUMN_DEFAULT: '',
            IS_NULLABLE: c.name === '__time' ? 'NO' : 'YES',
            DATA_TYPE: dataType,
            CHARACTER_MAXIMUM_LENGTH: null,
            CHARACTER_OCTET_LENGTH: null,
            NUMERIC_PRECISION: dataType === 'BIGINT' ? 19 : dataType === 'DOUBLE' ? 15 : dataType === 'FLOAT' ? 7 : null,
            NUMERIC_PRECISION_RADIX: dataType === 'VARCHAR' || dataType === 'TIMESTAMP' ? null : 10,
            NUMERIC_SCALE: dataType === 'BIGINT' ? 0 : null,
            DATETIME_PRECISION: dataType === 'TIMESTAMP' ? 3 : null,
            CHARACTER_SET_NAME: dataType === 'VARCHAR' ? 'UTF-16LE' : null,
            COLLATION_NAME: dataType === 'VARCHAR' ? 'UTF-16LE$en_US$primary' : null,
            JDBC_TYPE: JDBC_TYPES[dataType] ?? 1111,
          };
        }),
      );
  }
}

function taskRow(t: TaskRecord, location: TaskLocation): Record<string, unknown> {
  return {
    task_id: t.id,
    group_id: t.groupId,
    type: t.type,
    datasource: t.dataSource,
    created_time: t.createdTime,
    queue_insertion_time: '1970-01-01T00:00:00.000Z',
    status: t.status,
    runner_status: t.runnerStatusCode,
    duration: t.duration,
    location: JSON.stringify({ host: location.host, port: location.port, tlsPort: -1 }),
    host: location.host,
    plaintext_port: location.port,
    tls_port: -1,
    error_msg: t.errorMsg,
  };
}
