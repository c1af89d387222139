import { describe, expect, it } from 'vitest';
import { dataset, useServer } from '../support/server.ts';

const rollup = dataset('druid-tutorial/rollup-data.json');

describe.skipIf(!rollup.present)("Druid's rollup tutorial: 9 rows roll up to 5", () => {
  const druid = useServer();

  it('ingests with GROUP BY and reads back the rolled-up rows', async () => {
    const { status, taskId } = await druid().run(`INSERT INTO "rollup_tutorial"
WITH "inline_data" AS (
  SELECT *
  FROM TABLE(EXTERN('{"type":"local","files":["${rollup.path}"]}', '{"type":"json"}'))
  EXTEND ("timestamp" VARCHAR, "srcIP" VARCHAR, "dstIP" VARCHAR, "packets" BIGINT, "bytes" BIGINT)
)
SELECT
  FLOOR(TIME_PARSE("timestamp") TO MINUTE) AS __time,
  "srcIP",
  "dstIP",
  SUM("bytes") AS "bytes",
  SUM("packets") AS "packets",
  COUNT(*) AS "count"
FROM "inline_data"
GROUP BY 1, 2, 3
PARTITIONED BY DAY`, { finalizeAggregations: false, groupByEnableMultiValueUnnesting: false });
    expect(status.status).toBe('SUCCESS');
    expect(await druid().sql('SELECT * FROM "rollup_tutorial" ORDER BY "__time"')).toEqual([
      ['2018-01-01T01:01:00.000Z', '1.1.1.1', '2.2.2.2', 35937, 286, 3],
      ['2018-01-01T01:02:00.000Z', '1.1.1.1', '2.2.2.2', 366260, 415, 2],
      ['2018-01-01T01:03:00.000Z', '1.1.1.1', '2.2.2.2', 10204, 49, 1],
      ['2018-01-02T21:33:00.000Z', '7.7.7.7', '8.8.8.8', 100288, 161, 2],
      ['2018-01-02T21:35:00.000Z', '7.7.7.7', '8.8.8.8', 2818, 12, 1],
    ]);
    const counters = (await druid().report(taskId)).multiStageQuery.payload.counters;
    expect(counters['0']['0'].input0.rows).toEqual([9]);
    const segs = await druid().sql(`SELECT "start", num_rows, dimensions, metrics FROM sys.segments WHERE datasource = 'rollup_tutorial' ORDER BY "start"`);
    expect(segs).toEqual([
      ['2018-01-01T00:00:00.000Z', 3, '["srcIP","dstIP"]', '["bytes","packets","count"]'],
      ['2018-01-02T00:00:00.000Z', 2, '["srcIP","dstIP"]', '["bytes","packets","count"]'],
    ]);
  });

  it('without finalizeAggregations: false, GROUP BY output is not rollup: every column is a dimension', async () => {
    const { status } = await druid().run(`INSERT INTO "rollup_plain" SELECT FLOOR(TIME_PARSE("timestamp") TO MINUTE) AS __time, "srcIP", SUM("bytes") AS "bytes"
FROM TABLE(EXTERN('{"type":"local","files":["${rollup.path}"]}', '{"type":"json"}')) EXTEND ("timestamp" VARCHAR, "srcIP" VARCHAR, "bytes" BIGINT)
GROUP BY 1, 2 PARTITIONED BY DAY`);
    expect(status.status).toBe('SUCCESS');
    const segs = await druid().sql(`SELECT dimensions, metrics FROM sys.segments WHERE datasource = 'rollup_plain' ORDER BY "start"`);
    expect(segs[0]).toEqual(['["srcIP","bytes"]', '[]']);
  });
});
