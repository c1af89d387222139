import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DruidClient } from '../support/druid-client.ts';
import { type RunningServer, dataset, removeDataDir, startServer } from '../support/server.ts';

const sampled = dataset('druid-msq-test/wikipedia-sampled.json');

describe.skipIf(!sampled.present)('SELECT as an MSQ task', () => {
  let server: RunningServer;
  let druid: DruidClient;
  beforeAll(async () => {
    server = await startServer();
    druid = new DruidClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
    await removeDataDir(server.dataDir);
  });

  it('puts its results in the report (payload.results)', async () => {
    const { taskId, status } = await druid.run(
      `SELECT FLOOR(TIME_PARSE("timestamp") TO HOUR) AS hr, COUNT(*) AS cnt, SUM(added) AS added
FROM TABLE(EXTERN('{"type":"local","files":["${sampled.path}"]}', '{"type":"json"}', '[{"name":"timestamp","type":"string"},{"name":"added","type":"long"}]'))
GROUP BY 1 ORDER BY 1`,
      { maxNumTasks: 3 },
    );
    expect(status).toMatchObject({ status: 'SUCCESS', dataSource: '__query_select', type: 'query_controller' });
    const results = (await druid.report(taskId)).multiStageQuery.payload.results;
    expect(results.signature).toEqual([
      { name: 'hr', type: 'LONG' },
      { name: 'cnt', type: 'LONG' },
      { name: 'added', type: 'LONG' },
    ]);
    expect(results.results.map((r: unknown[]) => r.slice(0, 2))).toEqual([
      ['2016-06-27T00:00:00.000Z', 10],
      ['2016-06-27T01:00:00.000Z', 4],
      ['2016-06-27T02:00:00.000Z', 6],
    ]);
    expect(results.sqlTypeNames).toEqual(['TIMESTAMP', 'BIGINT', 'BIGINT']);
    expect(results.resultsTruncated).toBe(false);
    expect(await druid.sql('SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = \'druid\'')).toEqual([[0]]);
  });
});
