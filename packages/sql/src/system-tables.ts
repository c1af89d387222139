import type { ColumnSignature, RowSignature } from '@silt/common';
import type { SystemTableName } from './logical-plan.ts';

const text = (name: string): ColumnSignature => ({ name, type: 'STRING' });
const long = (name: string): ColumnSignature => ({ name, type: 'LONG' });

/**
 * Signatures of the system tables, with Druid's column names (docs/querying/sql-metadata-tables.md).
 * Numbers (sizes, counts, ports, booleans as 1/0) are LONG, everything else STRING.
 */
const SYSTEM_TABLES: Readonly<Record<SystemTableName, RowSignature>> = {
  'sys.segments': [
    text('segment_id'), text('datasource'), text('start'), text('end'), long('size'), text('version'), long('partition_num'),
    long('num_replicas'), long('num_rows'), long('is_active'), long('is_published'), long('is_available'), long('is_realtime'),
    long('is_overshadowed'), text('shard_spec'), text('dimensions'), text('metrics'), text('last_compaction_state'),
    long('replication_factor'),
  ],
  'sys.tasks': [
    text('task_id'), text('group_id'), text('type'), text('datasource'), text('created_time'), text('queue_insertion_time'),
    text('status'), text('runner_status'), long('duration'), text('location'), text('host'), long('plaintext_port'), long('tls_port'),
    text('error_msg'),
  ],
  'INFORMATION_SCHEMA.TABLES': [text('TABLE_CATALOG'), text('TABLE_SCHEMA'), text('TABLE_NAME'), text('TABLE_TYPE'), text('IS_JOINABLE'), text('IS_BROADCAST')],
  'INFORMATION_SCHEMA.COLUMNS': [
    text('TABLE_CATALOG'), text('TABLE_SCHEMA'), text('TABLE_NAME'), text('COLUMN_NAME'), long('ORDINAL_POSITION'), text('COLUMN_DEFAULT'),
    text('IS_NULLABLE'), text('DATA_TYPE'), long('CHARACTER_MAXIMUM_LENGTH'), long('CHARACTER_OCTET_LENGTH'), long('NUMERIC_PRECISION'),
    long('NUMERIC_PRECISION_RADIX'), long('NUMERIC_SCALE'), long('DATETIME_PRECISION'), text('CHARACTER_SET_NAME'), text('COLLATION_NAME'),
    long('JDBC_TYPE'),
  ],
  'INFORMATION_SCHEMA.SCHEMATA': [
    text('CATALOG_NAME'), text('SCHEMA_NAME'), text('SCHEMA_OWNER'), text('DEFAULT_CHARACTER_SET_CATALOG'), text('DEFAULT_CHARACTER_SET_SCHEMA'),
    text('DEFAULT_CHARACTER_SET_NAME'), text('SQL_PATH'),
  ],
};

/** The schemas holding system tables. */
export const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['sys', 'INFORMATION_SCHEMA']);

/** The system table `schema.table`, if it exists. */
export function systemTable(schema: string, table: string): { name: SystemTableName; signature: RowSignature } | undefined {
  const name = `${schema}.${table}`;
  return name in SYSTEM_TABLES ? { name: name as SystemTableName, signature: SYSTEM_TABLES[name as SystemTableName] } : undefined;
}
