import { describe, expect, it } from 'vitest';
import { extern } from '../support/queries.ts';
import { dataset, useServer } from '../support/server.ts';

const sampled = dataset('druid-msq-test/wikipedia-sampled.json');
const SOURCE = () => extern({ type: 'local', files: [sampled.path] }, { type: 'json' }, [['timestamp', 'string'], ['page', 'string'], ['added', 'long']]);

describe.skipIf(!sampled.present)('time chunks, partitions and shard specs (Druid MSQ test data: 20 rows on 2016-06-27)', () => {
  const druid = useServer();

  const segments = () => druid().sql(`SELECT "start", "end", partition_num, num_rows, shard_spec FROM sys.segments WHERE datasource = 'w' AND is_overshadowed = 0 ORDER BY "start", partition_num`);

  it('splits a chunk into partitions of about rowsPerSegment rows, clustered and sorted', async () => {
    const { status } = await druid().run(`INSERT INTO w SELECT TIME_PARSE("timestamp") AS __time, page, added FROM ${SOURCE()} PARTITIONED BY DAY CLUSTERED BY page`, { rowsPerSegment: 7, maxNumTasks: 3 });
    expect(status.status).toBe('SUCCESS');
    const segs = await segments();
    expect(segs.map((s) => s.slice(0, 3))).toEqual([
      ['2016-06-27T00:00:00.000Z', '2016-06-28T00:00:00.000Z', 0],
      ['2016-06-27T00:00:00.000Z', '2016-06-28T00:00:00.000Z', 1],
      ['2016-06-27T00:00:00.000Z', '2016-06-28T00:00:00.000Z', 2],
    ]);
    expect(segs.reduce((n, s) => n + (s[3] as number), 0)).toBe(20);
    for (const s of segs) expect(JSON.parse(s[4] as string)).toMatchObject({ type: 'numbered', partitions: 3 });
  });

  it('appends a second INSERT to the same chunk with numbered partitions after the core set', async () => {
    const { status } = await druid().run(`INSERT INTO w SELECT TIME_PARSE("timestamp") AS __time, page, added FROM ${SOURCE()} PARTITIONED BY DAY`);
    expect(status.status).toBe('SUCCESS');
    const segs = await segments();
    expect(segs.map((s) => [s[2], JSON.parse(s[4] as string).partitions])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(await druid().sql('SELECT COUNT(*) FROM w')).toEqual([[40]]);
  });

  it('refuses an INSERT whose granularity conflicts with the existing chunk (InsertCannotAllocateSegment)', async () => {
    const { taskId, status } = await druid().run(`INSERT INTO w SELECT TIME_PARSE("timestamp") AS __time, page, added FROM ${SOURCE()} PARTITIONED BY HOUR`);
    expect(status.status).toBe('FAILED');
    const error = (await druid().report(taskId)).multiStageQuery.payload.status.errorReport.error;
    expect(error).toMatchObject({ errorCode: 'InsertCannotAllocateSegment', dataSource: 'w', interval: '2016-06-27T00:00:00.000Z/2016-06-27T01:00:00.000Z' });
    expect(await druid().sql('SELECT COUNT(*) FROM w')).toEqual([[40]]);
  });

  it('REPLACE OVERWRITE ALL with HOUR chunks replaces everything with a new version', async () => {
    const { status } = await druid().run(`REPLACE INTO w OVERWRITE ALL SELECT TIME_PARSE("timestamp") AS __time, page, added FROM ${SOURCE()} PARTITIONED BY HOUR`);
    expect(status.status).toBe('SUCCESS');
    const withRows = (await segments()).filter((s) => (s[3] as number) > 0);
    expect(withRows.map((s) => [s[0], s[3]])).toEqual([
      ['2016-06-27T00:00:00.000Z', 10],
      ['2016-06-27T01:00:00.000Z', 4],
      ['2016-06-27T02:00:00.000Z', 6],
    ]);
    expect(await druid().sql('SELECT COUNT(*) FROM w')).toEqual([[20]]);
  });

  it('REPLACE OVERWRITE WHERE refuses rows outside the range (InsertTimeOutOfBounds)', async () => {
    const { taskId, status } = await druid().run(
      `REPLACE INTO w OVERWRITE WHERE __time >= TIMESTAMP '2016-06-27 01:00:00' AND __time < TIMESTAMP '2016-06-27 02:00:00' SELECT TIME_PARSE("timestamp") AS __time, page, added FROM ${SOURCE()} PARTITIONED BY HOUR`,
    );
    expect(status.status).toBe('FAILED');
    const error = (await druid().report(taskId)).multiStageQuery.payload.status.errorReport.error;
    expect(error.errorCode).toBe('InsertTimeOutOfBounds');
    expect(await druid().sql('SELECT COUNT(*) FROM w')).toEqual([[20]]);
  });

  it('an empty REPLACE over existing data leaves tombstones and no rows', async () => {
    const { status } = await druid().run(
      `REPLACE INTO w OVERWRITE WHERE __time >= TIMESTAMP '2016-06-27 00:00:00' AND __time < TIMESTAMP '2016-06-27 02:00:00' SELECT TIME_PARSE("timestamp") AS __time, page, added FROM ${SOURCE()} WHERE added < 0 AND added > 0 PARTITIONED BY HOUR`,
    );
    expect(status.status).toBe('SUCCESS');
    expect(await druid().sql('SELECT FLOOR(__time TO HOUR), COUNT(*) FROM w GROUP BY 1')).toEqual([['2016-06-27T02:00:00.000Z', 6]]);
    const tombstones = await druid().sql(`SELECT "start" FROM sys.segments WHERE datasource = 'w' AND num_rows = 0 AND is_overshadowed = 0 AND "start" < '2016-06-27T02' ORDER BY "start"`);
    expect(tombstones).toEqual([['2016-06-27T00:00:00.000Z'], ['2016-06-27T01:00:00.000Z']]);
  });
});
