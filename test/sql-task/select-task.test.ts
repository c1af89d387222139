import { describe, expect, it } from 'vitest';
import { dataset, useServer } from '../support/server.ts';

const sampled = dataset('druid-msq-test/wikipedia-sampled.json');
const wikiticker = dataset('wikiticker-2015-09-12-sampled.json.gz');

describe.skipIf(!sampled.present)('SELECT as an MSQ task', () => {
  const druid = useServer();

  it('puts its results in the report (payload.results)', async () => {
    const { taskId, status } = await druid().run(
      `SELECT FLOOR(TIME_PARSE("timestamp") TO HOUR) AS hr, COUNT(*) AS cnt, SUM(added) AS added
FROM TABLE(EXTERN('{"type":"local","files":["${sampled.path}"]}', '{"type":"json"}', '[{"name":"timestamp","type":"string"},{"name":"added","type":"long"}]'))
GROUP BY 1 ORDER BY 1`,
      { maxNumTasks: 3 },
    );
    expect(status).toMatchObject({ status: 'SUCCESS', dataSource: '__query_select', type: 'query_controller' });
    const results = (await druid().report(taskId)).multiStageQuery.payload.results;
    expect(results.signature).toEqual([
      { name: 'hr', type: 'LONG' },
      { name: 'cnt', type: 'LONG' },
      { name: 'added', type: 'LONG' },
    ]);
    // TIMESTAMP cells are epoch millis, as in Druid's report; sqlTypeNames says which ones are times.
    expect(results.results.map((r: unknown[]) => r.slice(0, 2))).toEqual([
      [Date.parse('2016-06-27T00:00:00.000Z'), 10],
      [Date.parse('2016-06-27T01:00:00.000Z'), 4],
      [Date.parse('2016-06-27T02:00:00.000Z'), 6],
    ]);
    expect(results.sqlTypeNames).toEqual(['TIMESTAMP', 'BIGINT', 'BIGINT']);
    expect(results.resultsTruncated).toBe(false);
    expect(await druid().sql('SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = \'druid\'')).toEqual([[0]]);
  });

  it.skipIf(!wikiticker.present)('caps report results at 3,000 rows for selectDestination durableStorage, and keeps them all for taskReport', async () => {
    const query = `SELECT page FROM TABLE(EXTERN('{"type":"local","files":["${wikiticker.path}"]}', '{"type":"json"}', '[{"name":"page","type":"string"}]'))`;
    const capped = await druid().run(query, { selectDestination: 'durableStorage' });
    expect(capped.status.status).toBe('SUCCESS');
    const results = (await druid().report(capped.taskId)).multiStageQuery.payload.results;
    expect(results.results).toHaveLength(3000);
    expect(results.resultsTruncated).toBe(true);
    const all = (await druid().report((await druid().run(query)).taskId)).multiStageQuery.payload.results;
    expect(all.results.length).toBeGreaterThan(3000);
    expect(all.resultsTruncated).toBe(false);
  });

  it('fails a plan the engine cannot run (GROUPING SETS) with QueryNotSupported', async () => {
    const { taskId, status } = await druid().run(
      `SELECT page, COUNT(*) FROM TABLE(EXTERN('{"type":"local","files":["${sampled.path}"]}', '{"type":"json"}', '[{"name":"page","type":"string"}]')) GROUP BY GROUPING SETS ((page), ())`,
    );
    expect(status).toMatchObject({ status: 'FAILED', errorMsg: expect.stringMatching(/^QueryNotSupported: /) });
    expect((await druid().report(taskId)).multiStageQuery.payload.status.errorReport.error.errorCode).toBe('QueryNotSupported');
  });

  it('fails a runtime error with UnknownError', async () => {
    const { taskId, status } = await druid().run(
      `INSERT INTO divided SELECT TIME_PARSE("timestamp") AS __time, added / 0 AS x FROM TABLE(EXTERN('{"type":"local","files":["${sampled.path}"]}', '{"type":"json"}', '[{"name":"timestamp","type":"string"},{"name":"added","type":"long"}]')) PARTITIONED BY DAY`,
    );
    expect(status.status).toBe('FAILED');
    expect((await druid().report(taskId)).multiStageQuery.payload.status.errorReport.error).toMatchObject({ errorCode: 'UnknownError', errorMessage: '/ by zero' });
  });
});
