import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DruidClient } from '../support/druid-client.ts';
import { WIKITICKER_SIGNATURE, extern } from '../support/queries.ts';
import { type RunningServer, dataset, removeDataDir, startServer } from '../support/server.ts';

const wikiticker = dataset('wikiticker-2015-09-12-sampled.json.gz');

describe.skipIf(!wikiticker.present)('the seed INSERT on Druid tutorial data, then the tutorial query', () => {
  let server: RunningServer;
  let druid: DruidClient;
  let taskId: string;
  let finalStatus: any;

  beforeAll(async () => {
    server = await startServer();
    druid = new DruidClient(server.url);
    const query = `INSERT INTO wikipedia
SELECT
  TIME_PARSE("time") AS __time,
  *
FROM ${extern({ type: 'local', files: [wikiticker.path] }, { type: 'json' }, WIKITICKER_SIGNATURE)}
PARTITIONED BY DAY`;
    const res = await druid.post('/druid/v2/sql/task', { query, context: { maxNumTasks: 3 } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ taskId: expect.stringMatching(/^query-/), state: 'RUNNING' });
    taskId = res.body.taskId;
    finalStatus = await druid.waitFor(taskId);
  });

  afterAll(async () => {
    await server?.stop();
    await removeDataDir(server.dataDir);
  });

  it('succeeds with the status fields of the seed', () => {
    expect(finalStatus).toMatchObject({ id: taskId, groupId: taskId, type: 'query_controller', statusCode: 'SUCCESS', status: 'SUCCESS', dataSource: 'wikipedia', errorMsg: null });
    expect(finalStatus.duration).toBeGreaterThan(0);
    expect(finalStatus.location).toMatchObject({ host: expect.any(String), port: expect.any(Number), tlsPort: -1 });
  });

  it('ingests 39,244 rows into one DAY segment', async () => {
    const rows = await druid.sql(`SELECT "start", "end", num_rows, partition_num, is_overshadowed FROM sys.segments WHERE datasource = 'wikipedia'`);
    expect(rows).toEqual([['2015-09-12T00:00:00.000Z', '2015-09-13T00:00:00.000Z', 39244, 0, 0]]);
    expect(await druid.sql('SELECT COUNT(*) FROM wikipedia')).toEqual([[39244]]);
  });

  it("answers Druid's tutorial top-pages query with the tutorial's counts", async () => {
    const rows = await druid.sql(`SELECT page, COUNT(*) AS Edits
FROM wikipedia
WHERE TIME_IN_INTERVAL("__time", '2015-09-12/2015-09-13')
GROUP BY page
ORDER BY Edits DESC
LIMIT 10`);
    expect(rows.map((r) => r[1])).toEqual([33, 28, 27, 21, 20, 18, 18, 18, 17, 17]);
    expect(rows.slice(0, 3).map((r) => r[0])).toEqual(['Wikipedia:Vandalismusmeldung', 'User:Cyde/List of candidates for speedy deletion/Subpage', 'Jeremy Corbyn']);
  });

  it('reports stages, phases, workers and counters in the seed shape', async () => {
    const report = await druid.report(taskId);
    const msq = report.multiStageQuery;
    expect(msq).toMatchObject({ type: 'multiStageQuery', taskId });
    expect(msq.payload.status).toMatchObject({ status: 'SUCCESS', pendingTasks: 0 });
    expect(msq.payload.status.segmentLoadStatus).toMatchObject({ state: 'SUCCESS', dataSource: 'wikipedia', totalSegments: 1, usedSegments: 1 });
    const stages = msq.payload.stages;
    expect(stages.map((s: any) => s.phase)).toEqual(stages.map(() => 'FINISHED'));
    expect(stages.at(-1).definition.processor.type).toBe('segmentGenerator');
    expect(stages[0]).toMatchObject({ stageNumber: 0, workerCount: 1, partitionCount: 1, sort: true });
    const input = msq.payload.counters['0']['0'].input0;
    expect(input).toMatchObject({ type: 'channel', rows: [39244], files: [1], totalFiles: [1] });
    expect(input.bytes[0]).toBe(17106256);
    expect(msq.payload.counters['0']['0'].sortProgress).toMatchObject({ type: 'sortProgress', totalMergingLevels: 1, progressDigest: 1 });
    const gen = msq.payload.counters[String(stages.length - 1)]['0'].segmentGenerationProgress;
    expect(gen).toMatchObject({ type: 'segmentGenerationProgress', rowsProcessed: 39244, rowsPersisted: 39244, rowsMerged: 39244 });
  });

  it('serves the task API around the finished task', async () => {
    const payload = await druid.get(`/druid/indexer/v1/task/${taskId}`);
    expect(payload.status).toBe(200);
    expect(payload.body).toMatchObject({ task: taskId, payload: { type: 'query_controller', id: taskId, dataSource: 'wikipedia' } });
    expect(payload.body.payload.sqlQuery).toContain('INSERT INTO wikipedia');
    const complete = await druid.get('/druid/indexer/v1/tasks?state=complete&datasource=wikipedia');
    expect(complete.body.map((t: any) => t.id)).toContain(taskId);
    expect((await druid.get('/druid/indexer/v1/runningTasks')).body).toEqual([]);
    const tasks = await druid.sql(`SELECT task_id, type, datasource, status FROM sys.tasks WHERE task_id = '${taskId}'`);
    expect(tasks).toEqual([[taskId, 'query_controller', 'wikipedia', 'SUCCESS']]);
  });

  it('describes the table in INFORMATION_SCHEMA', async () => {
    const tables = await druid.sql(`SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'druid'`);
    expect(tables).toEqual([['druid', 'wikipedia', 'TABLE']]);
    const columns = await druid.sql(`SELECT COLUMN_NAME, DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'wikipedia' ORDER BY ORDINAL_POSITION`);
    expect(columns[0]).toEqual(['__time', 'TIMESTAMP']);
    expect(columns).toContainEqual(['added', 'BIGINT']);
    expect(columns).toContainEqual(['channel', 'VARCHAR']);
    expect(columns).toHaveLength(21);
  });

  it('answers /druid/v2/sql in every result format', async () => {
    const q = { query: `SELECT channel, COUNT(*) AS c FROM wikipedia GROUP BY channel ORDER BY c DESC LIMIT 2` };
    const object = await druid.post('/druid/v2/sql', { ...q, resultFormat: 'object' });
    expect(object.body).toEqual([{ channel: '#en.wikipedia', c: 11549 }, { channel: '#vi.wikipedia', c: 9747 }]);
    const array = await druid.post('/druid/v2/sql', { ...q, resultFormat: 'array', header: true, typesHeader: true, sqlTypesHeader: true });
    expect(array.body).toEqual([['channel', 'c'], ['STRING', 'LONG'], ['VARCHAR', 'BIGINT'], ['#en.wikipedia', 11549], ['#vi.wikipedia', 9747]]);
    const lines = await druid.post('/druid/v2/sql', { ...q, resultFormat: 'objectLines' });
    expect(lines.body).toBe('{"channel":"#en.wikipedia","c":11549}\n{"channel":"#vi.wikipedia","c":9747}\n\n');
    const csv = await druid.post('/druid/v2/sql', { ...q, resultFormat: 'csv', header: true });
    expect(csv.body).toBe('channel,c\n#en.wikipedia,11549\n#vi.wikipedia,9747\n\n');
  });
});
