import { describe, expect, it } from 'vitest';
import { extern } from '../support/queries.ts';
import { useServer } from '../support/server.ts';

const rows = (n: number, time: (i: number) => string) => Array.from({ length: n }, (_, i) => JSON.stringify({ t: time(i), x: i })).join('\n');
const inline = (data: string) => extern({ type: 'inline', data }, { type: 'json' }, [['t', 'string'], ['x', 'long']]);

describe("Druid's MSQ limits fail the task with their fault", () => {
  const druid = useServer();

  async function fault(query: string, context: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const { taskId, status } = await druid().run(query, context);
    expect(status.status).toBe('FAILED');
    return (await druid().report(taskId)).multiStageQuery.payload.status.errorReport.error;
  }

  it('TooManySegmentsInTimeChunk past maxNumSegments', async () => {
    const q = `INSERT INTO t1 SELECT TIME_PARSE(t) AS __time, x FROM ${inline(rows(20, () => '2024-01-01T00:00:00Z'))} PARTITIONED BY DAY`;
    expect(await fault(q, { rowsPerSegment: 7, maxNumSegments: 2 })).toMatchObject({
      errorCode: 'TooManySegmentsInTimeChunk',
      timeChunk: '2024-01-01T00:00:00.000Z',
      numSegments: 3,
      maxNumSegments: 2,
    });
  });

  it('RowTooLarge for a row past maxFrameSize (1,000,000 bytes), and nothing is published', async () => {
    const big = JSON.stringify({ t: '2024-01-01T00:00:00Z', s: 'x'.repeat(600_000), u: 'y'.repeat(500_000) });
    const source = extern({ type: 'inline', data: `${big}\n${JSON.stringify({ t: '2024-01-01T00:00:00Z', s: 'a', u: 'b' })}` }, { type: 'json' }, [['t', 'string'], ['s', 'string'], ['u', 'string']]);
    const q = `INSERT INTO t_big SELECT TIME_PARSE(t) AS __time, s, u FROM ${source} PARTITIONED BY DAY`;
    expect(await fault(q)).toEqual({ errorCode: 'RowTooLarge', errorMessage: 'Encountered row that cannot fit in a single frame (max frame size = 1,000,000)', maxFrameSize: 1_000_000 });
    expect(await druid().sql(`SELECT COUNT(*) FROM sys.segments WHERE datasource = 't_big'`)).toEqual([[0]]);
    // The same rows pass under a larger limit; one column alone fits under the default.
    const fits = await druid().run(q.replace('t_big', 't_big2'), { maxFrameSize: 2_000_000 });
    expect(fits.status.status, fits.status.errorMsg).toBe('SUCCESS');
    const oneColumn = await druid().run(`INSERT INTO t_big3 SELECT TIME_PARSE(t) AS __time, s FROM ${source} PARTITIONED BY DAY`);
    expect(oneColumn.status.status, oneColumn.status.errorMsg).toBe('SUCCESS');
  });

  it('TooManyBuckets past 5,000 time chunks', async () => {
    const q = `INSERT INTO t2 SELECT TIME_PARSE(t) AS __time, x FROM ${inline(rows(5001, (i) => new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString()))} PARTITIONED BY SECOND`;
    expect(await fault(q)).toMatchObject({ errorCode: 'TooManyBuckets', maxBuckets: 5000 });
  });

  it('TooManyPartitions past 25,000 partitions', async () => {
    const q = `INSERT INTO t3 SELECT TIME_PARSE(t) AS __time, x FROM ${inline(rows(25001, () => '2024-01-01T00:00:00Z'))} PARTITIONED BY DAY`;
    expect(await fault(q, { rowsPerSegment: 1 })).toMatchObject({ errorCode: 'TooManyPartitions', maxPartitions: 25000 });
  });

  it('TooManyColumns past 2,000 output columns', async () => {
    const columns = Array.from({ length: 2001 }, (_, i) => `x + ${i} AS c${i}`).join(', ');
    const q = `INSERT INTO t4 SELECT TIME_PARSE(t) AS __time, ${columns} FROM ${inline(rows(1, () => '2024-01-01T00:00:00Z'))} PARTITIONED BY DAY`;
    expect(await fault(q)).toMatchObject({ errorCode: 'TooManyColumns', maxColumns: 2000 });
  });

  it('TooManyWorkers past 1,000 workers', async () => {
    const q = `INSERT INTO t5 SELECT TIME_PARSE(t) AS __time, x FROM ${inline(rows(1, () => '2024-01-01T00:00:00Z'))} PARTITIONED BY DAY`;
    expect(await fault(q, { maxNumTasks: 1002 })).toMatchObject({ errorCode: 'TooManyWorkers', workers: 1001, maxWorkers: 1000 });
  });

  it('ColumnNameRestricted for __bucket', async () => {
    const q = `INSERT INTO t6 SELECT TIME_PARSE(t) AS __time, x AS __bucket FROM ${inline(rows(1, () => '2024-01-01T00:00:00Z'))} PARTITIONED BY DAY`;
    expect(await fault(q)).toMatchObject({ errorCode: 'ColumnNameRestricted', columnName: '__bucket' });
  });

  it('ColumnTypeNotSupported for a COMPLEX clustering column', async () => {
    const q = `INSERT INTO t7 SELECT TIME_PARSE(t) AS __time, PARSE_JSON('{"a":1}') AS j FROM ${inline(rows(1, () => '2024-01-01T00:00:00Z'))} PARTITIONED BY DAY CLUSTERED BY j`;
    expect(await fault(q)).toMatchObject({ errorCode: 'ColumnTypeNotSupported', columnName: 'j', columnType: 'COMPLEX<json>' });
  });
});
