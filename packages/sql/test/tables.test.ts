import { ETERNITY, formatInterval } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { find, planError, planSelect, signatureOf } from './fixtures.ts';

const scanIntervals = (where: string): string[] =>
  find(planSelect(`SELECT page FROM wikipedia WHERE ${where}`).plan, 'tableScan').intervals.map(formatInterval);

/** The interactive engine (POST /druid/v2/sql), the one that serves system tables. */
const NATIVE = { engine: 'native' } as const;

describe('system tables', () => {
  it('plans sys.segments with Druid column names and types', () => {
    const { plan } = planSelect('SELECT * FROM sys.segments', NATIVE);
    const scan = find(plan, 'systemScan');
    expect(scan.table).toBe('sys.segments');
    expect(signatureOf(scan)).toEqual([
      'segment_id:STRING', 'datasource:STRING', 'start:STRING', 'end:STRING', 'size:LONG', 'version:STRING', 'partition_num:LONG',
      'num_replicas:LONG', 'num_rows:LONG', 'is_active:LONG', 'is_published:LONG', 'is_available:LONG', 'is_realtime:LONG',
      'is_overshadowed:LONG', 'shard_spec:STRING', 'dimensions:STRING', 'metrics:STRING', 'last_compaction_state:STRING',
      'replication_factor:LONG',
    ]);
  });

  it('plans sys.tasks', () => {
    const { plan } = planSelect("SELECT task_id, status, duration FROM sys.tasks WHERE datasource = 'wikipedia'", NATIVE);
    expect(find(plan, 'systemScan').signature.map((c) => c.name)).toEqual([
      'task_id', 'group_id', 'type', 'datasource', 'created_time', 'queue_insertion_time', 'status', 'runner_status', 'duration',
      'location', 'host', 'plaintext_port', 'tls_port', 'error_msg',
    ]);
    expect(signatureOf(plan)).toEqual(['task_id:STRING', 'status:STRING', 'duration:LONG']);
  });

  it('plans INFORMATION_SCHEMA tables', () => {
    expect(signatureOf(find(planSelect('SELECT * FROM INFORMATION_SCHEMA.TABLES', NATIVE).plan, 'systemScan'))).toEqual([
      'TABLE_CATALOG:STRING', 'TABLE_SCHEMA:STRING', 'TABLE_NAME:STRING', 'TABLE_TYPE:STRING', 'IS_JOINABLE:STRING', 'IS_BROADCAST:STRING',
    ]);
    const columns = find(planSelect('SELECT COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA."COLUMNS" WHERE TABLE_NAME = \'wikipedia\'', NATIVE).plan, 'systemScan');
    expect(columns.table).toBe('INFORMATION_SCHEMA.COLUMNS');
    expect(signatureOf(columns)).toEqual([
      'TABLE_CATALOG:STRING', 'TABLE_SCHEMA:STRING', 'TABLE_NAME:STRING', 'COLUMN_NAME:STRING', 'ORDINAL_POSITION:LONG', 'COLUMN_DEFAULT:STRING',
      'IS_NULLABLE:STRING', 'DATA_TYPE:STRING', 'CHARACTER_MAXIMUM_LENGTH:LONG', 'CHARACTER_OCTET_LENGTH:LONG', 'NUMERIC_PRECISION:LONG',
      'NUMERIC_PRECISION_RADIX:LONG', 'NUMERIC_SCALE:LONG', 'DATETIME_PRECISION:LONG', 'CHARACTER_SET_NAME:STRING', 'COLLATION_NAME:STRING',
      'JDBC_TYPE:LONG',
    ]);
    expect(find(planSelect('SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA', NATIVE).plan, 'systemScan').table).toBe('INFORMATION_SCHEMA.SCHEMATA');
  });
});

describe('system tables through the task engine', () => {
  it('are refused, as Druid refuses bindable tables with SQL engine [msq-task]', () => {
    const error = planError('SELECT * FROM INFORMATION_SCHEMA.SCHEMATA');
    expect(error.message).toBe('Cannot query table(s) [INFORMATION_SCHEMA.SCHEMATA] with SQL engine [msq-task]');
    expect(error.errorCode).toBe('invalidInput');
    expect(error.category).toBe('INVALID_INPUT');
  });

  it('are found behind joins, CTEs and subqueries, each named once', () => {
    expect(planError('SELECT s.segment_id, f.page FROM sys.segments AS s, wikipedia AS f').message).toBe(
      'Cannot query table(s) [sys.segments] with SQL engine [msq-task]',
    );
    expect(planError('WITH src AS (SELECT * FROM sys.segments) SELECT src.segment_id FROM src').message).toBe(
      'Cannot query table(s) [sys.segments] with SQL engine [msq-task]',
    );
    expect(planError('SELECT t.task_id FROM sys.tasks t JOIN (SELECT datasource FROM sys.segments) s ON t.datasource = s.datasource JOIN sys.tasks u ON u.task_id = t.task_id').message).toBe(
      'Cannot query table(s) [sys.tasks, sys.segments] with SQL engine [msq-task]',
    );
  });

  it('are refused as the input of an INSERT', () => {
    expect(planError('INSERT INTO dst SELECT TIME_PARSE(created_time) AS __time, task_id FROM sys.tasks PARTITIONED BY DAY').message).toBe(
      'Cannot query table(s) [sys.tasks] with SQL engine [msq-task]',
    );
  });

  it('leave datasources and CTEs named like a system schema alone', () => {
    expect(find(planSelect('WITH sys AS (SELECT page FROM wikipedia) SELECT page FROM sys').plan, 'tableScan').dataSource).toBe('wikipedia');
  });
});

describe('table scan intervals', () => {
  it('is ETERNITY without a __time condition', () => {
    expect(find(planSelect('SELECT page FROM wikipedia').plan, 'tableScan').intervals).toEqual([ETERNITY]);
    expect(scanIntervals("page = 'x' OR __time > '2020-01-01'")).toEqual([formatInterval(ETERNITY)]);
  });

  it('intersects the __time conjuncts of WHERE and keeps the filter', () => {
    expect(scanIntervals("__time >= TIMESTAMP '2020-01-01' AND page = 'x' AND __time < '2020-02-01' AND __time >= '2020-01-15'")).toEqual([
      '2020-01-15T00:00:00.000Z/2020-02-01T00:00:00.000Z',
    ]);
    const { plan } = planSelect("SELECT page FROM wikipedia WHERE __time >= '2020-01-01' AND page = 'x'");
    expect(find(plan, 'filter').condition.kind).toBe('call');
  });

  it('reads BETWEEN, TIME_IN_INTERVAL, reversed comparisons, <= and > bounds', () => {
    expect(scanIntervals("__time BETWEEN '2020-01-01' AND '2020-01-02'")).toEqual(['2020-01-01T00:00:00.000Z/2020-01-02T00:00:00.001Z']);
    expect(scanIntervals("TIME_IN_INTERVAL(__time, '2015-09-12/2015-09-13')")).toEqual(['2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z']);
    expect(scanIntervals("TIMESTAMP '2020-01-01' <= __time AND __time <= '2020-01-02'")).toEqual(['2020-01-01T00:00:00.000Z/2020-01-02T00:00:00.001Z']);
    expect(scanIntervals("__time > '2020-01-01' AND __time < '2020-01-02'")).toEqual(['2020-01-01T00:00:00.001Z/2020-01-02T00:00:00.000Z']);
  });

  it('unions OR-ed ranges and leaves no interval for contradictions', () => {
    expect(scanIntervals("(__time >= '2020-01-01' AND __time < '2020-01-02') OR TIME_IN_INTERVAL(__time, '2020-03-01/P1D')")).toEqual([
      '2020-01-01T00:00:00.000Z/2020-01-02T00:00:00.000Z',
      '2020-03-01T00:00:00.000Z/2020-03-02T00:00:00.000Z',
    ]);
    expect(scanIntervals("__time < '2020-01-01' AND __time > '2020-01-02'")).toEqual([]);
  });
});
