import { describe, expect, it } from 'vitest';
import { useServer } from '../support/server.ts';

/** Druid's "Update data" tutorial (docs/tutorials/tutorial-update-data.md), query for query. */
const inline = (rows: [string, string, number][]) =>
  JSON.stringify({ type: 'inline', data: rows.map(([timestamp, animal, number]) => JSON.stringify({ timestamp, animal, number })).join('\n') });

const load = (mode: string, rows: [string, string, number][]) => `REPLACE INTO "update_tutorial" ${mode}
WITH "ext" AS (
  SELECT *
  FROM TABLE(
    EXTERN(
     '${inline(rows)}',
     '{"type":"json"}'
    )
  ) EXTEND ("timestamp" VARCHAR, "animal" VARCHAR, "number" BIGINT)
)
SELECT
  TIME_PARSE("timestamp") AS "__time",
  "animal",
  "number"
FROM "ext"
PARTITIONED BY DAY`;

const SELECT_ALL = 'SELECT * FROM "update_tutorial" ORDER BY "__time", "animal"';

describe('Druid update-data tutorial', () => {
  const druid = useServer();

  it('loads the sample data', async () => {
    const { status } = await druid().run(
      load('OVERWRITE ALL', [
        ['2024-01-01T07:01:35Z', 'octopus', 115],
        ['2024-01-01T05:01:35Z', 'mongoose', 737],
        ['2024-01-01T06:01:35Z', 'snake', 1234],
        ['2024-01-01T01:01:35Z', 'lion', 300],
        ['2024-01-02T07:01:35Z', 'seahorse', 115],
        ['2024-01-02T05:01:35Z', 'skunk', 737],
        ['2024-01-02T06:01:35Z', 'iguana', 1234],
        ['2024-01-02T01:01:35Z', 'opossum', 300],
      ]),
    );
    expect(status.status).toBe('SUCCESS');
    expect(await druid().sql(SELECT_ALL)).toEqual([
      ['2024-01-01T01:01:35.000Z', 'lion', 300],
      ['2024-01-01T05:01:35.000Z', 'mongoose', 737],
      ['2024-01-01T06:01:35.000Z', 'snake', 1234],
      ['2024-01-01T07:01:35.000Z', 'octopus', 115],
      ['2024-01-02T01:01:35.000Z', 'opossum', 300],
      ['2024-01-02T05:01:35.000Z', 'skunk', 737],
      ['2024-01-02T06:01:35.000Z', 'iguana', 1234],
      ['2024-01-02T07:01:35.000Z', 'seahorse', 115],
    ]);
  });

  it('overwrites all data (the old day gets a tombstone)', async () => {
    const { taskId, status } = await druid().run(
      load('OVERWRITE ALL', [
        ['2024-01-02T07:01:35Z', 'octopus', 115],
        ['2024-01-02T05:01:35Z', 'mongoose', 737],
        ['2024-01-02T06:01:35Z', 'snake', 1234],
        ['2024-01-02T01:01:35Z', 'lion', 300],
        ['2024-01-03T07:01:35Z', 'seahorse', 115],
        ['2024-01-03T05:01:35Z', 'skunk', 737],
        ['2024-01-03T06:01:35Z', 'iguana', 1234],
        ['2024-01-03T01:01:35Z', 'opossum', 300],
      ]),
    );
    expect(status.status).toBe('SUCCESS');
    expect(await druid().sql(SELECT_ALL)).toEqual([
      ['2024-01-02T01:01:35.000Z', 'lion', 300],
      ['2024-01-02T05:01:35.000Z', 'mongoose', 737],
      ['2024-01-02T06:01:35.000Z', 'snake', 1234],
      ['2024-01-02T07:01:35.000Z', 'octopus', 115],
      ['2024-01-03T01:01:35.000Z', 'opossum', 300],
      ['2024-01-03T05:01:35.000Z', 'skunk', 737],
      ['2024-01-03T06:01:35.000Z', 'iguana', 1234],
      ['2024-01-03T07:01:35.000Z', 'seahorse', 115],
    ]);
    const report = await druid().report(taskId);
    expect(report.multiStageQuery.payload.status.segmentLoadStatus.totalSegments).toBe(3);
    const tombstones = await druid().sql(`SELECT "start", num_rows FROM sys.segments WHERE datasource = 'update_tutorial' AND shard_spec LIKE '%tombstone%'`);
    expect(tombstones).toEqual([['2024-01-01T00:00:00.000Z', 0]]);
  });

  it('overwrites records for a specific time range', async () => {
    const query = load(`OVERWRITE WHERE "__time" >= TIMESTAMP'2024-01-03 00:00:00' AND "__time" < TIMESTAMP'2024-01-04 00:00:00'`, [
      ['2024-01-03T01:01:35Z', 'tiger', 300],
      ['2024-01-03T07:01:35Z', 'seahorse', 500],
      ['2024-01-03T05:01:35Z', 'polecat', 626],
      ['2024-01-03T06:01:35Z', 'iguana', 300],
      ['2024-01-03T01:01:35Z', 'flamingo', 999],
    ]);
    const { status } = await druid().run(query);
    expect(status.status).toBe('SUCCESS');
    expect(await druid().sql(SELECT_ALL)).toEqual([
      ['2024-01-02T01:01:35.000Z', 'lion', 300],
      ['2024-01-02T05:01:35.000Z', 'mongoose', 737],
      ['2024-01-02T06:01:35.000Z', 'snake', 1234],
      ['2024-01-02T07:01:35.000Z', 'octopus', 115],
      ['2024-01-03T01:01:35.000Z', 'flamingo', 999],
      ['2024-01-03T01:01:35.000Z', 'tiger', 300],
      ['2024-01-03T05:01:35.000Z', 'polecat', 626],
      ['2024-01-03T06:01:35.000Z', 'iguana', 300],
      ['2024-01-03T07:01:35.000Z', 'seahorse', 500],
    ]);
  });

  it('updates a row by partial HOUR overshadowing, reading from the same table', async () => {
    const { status } = await druid().run(`REPLACE INTO "update_tutorial"
   OVERWRITE
       WHERE "__time" >= TIMESTAMP'2024-01-03 05:00:00' AND "__time" < TIMESTAMP'2024-01-03 06:00:00'
SELECT
   "__time",
   "animal",
   CAST(486 AS BIGINT) AS "number"
FROM "update_tutorial"
WHERE TIME_IN_INTERVAL("__time", '2024-01-03T05:01:35Z/PT1S')
PARTITIONED BY FLOOR(__time TO HOUR)`);
    expect(status.status).toBe('SUCCESS');
    expect(await druid().sql(SELECT_ALL)).toEqual([
      ['2024-01-02T01:01:35.000Z', 'lion', 300],
      ['2024-01-02T05:01:35.000Z', 'mongoose', 737],
      ['2024-01-02T06:01:35.000Z', 'snake', 1234],
      ['2024-01-02T07:01:35.000Z', 'octopus', 115],
      ['2024-01-03T01:01:35.000Z', 'flamingo', 999],
      ['2024-01-03T01:01:35.000Z', 'tiger', 300],
      ['2024-01-03T05:01:35.000Z', 'polecat', 486],
      ['2024-01-03T06:01:35.000Z', 'iguana', 300],
      ['2024-01-03T07:01:35.000Z', 'seahorse', 500],
    ]);
    const segments = await druid().sql(`SELECT "start", "end", is_overshadowed FROM sys.segments WHERE datasource = 'update_tutorial' AND num_rows > 0 AND "start" >= '2024-01-03' ORDER BY "start"`);
    expect(segments).toEqual([
      ['2024-01-03T00:00:00.000Z', '2024-01-04T00:00:00.000Z', 0],
      ['2024-01-03T05:00:00.000Z', '2024-01-03T06:00:00.000Z', 0],
    ]);
  });
});
