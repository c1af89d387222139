import { describe, expect, it } from 'vitest';
import { WIKITICKER_SIGNATURE, extern } from '../support/queries.ts';
import { dataset, useServer } from '../support/server.ts';

const unparseable = dataset('druid-msq-test/unparseable.gz');
const unparsableJson = dataset('druid-msq-test/wikipedia-sampled-unparsable.json');
const wikiticker = dataset('wikiticker-2015-09-12-sampled.json.gz');

const KTTM = extern({ type: 'local', files: [unparseable.path] }, { type: 'json' }, [
  ['timestamp', 'string'],
  ['agent_category', 'string'],
]);

describe('bad input gets a Druid-shaped error and loses nothing', () => {
  const druid = useServer();

  it('answers malformed SQL with 400, the parser position, and creates no task', async () => {
    const res = await druid().post('/druid/v2/sql/task', { query: 'INSERT INTO t\nSELECT FROM WHERE' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'druidException', errorCode: 'invalidInput', category: 'INVALID_INPUT', context: { line: '2' } });
    expect(res.body.errorMessage).toEqual(expect.any(String));
    expect((await druid().get('/druid/indexer/v1/tasks')).body).toEqual([]);
  });

  it('answers a validation error with 400 (INSERT without PARTITIONED BY)', async () => {
    const res = await druid().post('/druid/v2/sql/task', { query: `INSERT INTO t SELECT TIME_PARSE("timestamp") AS __time FROM ${KTTM}` });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toMatch(/PARTITIONED BY/);
  });

  it('answers a malformed body with 400 naming the field', async () => {
    const res = await druid().post('/druid/v2/sql/task', { context: {} });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toMatch(/query/);
  });

  it('answers 404 for an unknown task on every task route', async () => {
    for (const path of ['', '/status', '/reports']) {
      const res = await druid().get(`/druid/indexer/v1/task/query-nope${path}`);
      expect(res.status).toBe(404);
      expect(res.body.errorCode).toBe('notFound');
    }
    expect((await druid().post('/druid/indexer/v1/task/query-nope/shutdown', {})).status).toBe(404);
  });

  it.skipIf(!unparseable.present)('strict mode fails on the first bad row with CannotParseExternalData and publishes nothing', async () => {
    const { taskId, status } = await druid().run(`INSERT INTO kttm SELECT TIME_PARSE("timestamp") AS __time, agent_category FROM ${KTTM} PARTITIONED BY DAY`);
    expect(status.status).toBe('FAILED');
    expect(status.errorMsg).toMatch(/^CannotParseExternalData: /);
    const error = (await druid().report(taskId)).multiStageQuery.payload.status.errorReport.error;
    expect(error.errorCode).toBe('CannotParseExternalData');
    expect(error.errorMessage).toMatch(/unparseable\.gz/);
    expect(await druid().sql(`SELECT COUNT(*) FROM sys.segments WHERE datasource = 'kttm'`)).toEqual([[0]]);
  });

  it.skipIf(!unparseable.present)('nonStrict mode keeps the good rows and reports the bad ones as warnings', async () => {
    const { taskId, status } = await druid().run(`INSERT INTO kttm SELECT TIME_PARSE("timestamp") AS __time, agent_category FROM ${KTTM} PARTITIONED BY DAY`, { mode: 'nonStrict' });
    expect(status.status).toBe('SUCCESS');
    expect(await druid().sql('SELECT COUNT(*) FROM kttm')).toEqual([[10]]);
    const payload = (await druid().report(taskId)).multiStageQuery.payload;
    expect(payload.counters['0']['0'].warnings).toEqual({ type: 'warnings', CannotParseExternalData: 10 });
    expect(payload.status.warnings[0].error.errorCode).toBe('CannotParseExternalData');
  });

  it.skipIf(!unparsableJson.present)('fails with TooManyWarnings past maxParseExceptions', async () => {
    const src = extern({ type: 'local', files: [unparsableJson.path] }, { type: 'json' }, [['timestamp', 'string'], ['page', 'string']]);
    const ok = await druid().run(`INSERT INTO sampled SELECT TIME_PARSE("timestamp") AS __time, page FROM ${src} PARTITIONED BY DAY`, { maxParseExceptions: 1 });
    expect(ok.status.status).toBe('SUCCESS');
    expect(await druid().sql('SELECT COUNT(*) FROM sampled')).toEqual([[2]]);
    const kttm = await druid().run(`INSERT INTO kttm2 SELECT TIME_PARSE("timestamp") AS __time FROM ${KTTM} PARTITIONED BY DAY`, { maxParseExceptions: 3 });
    expect(kttm.status.status).toBe('FAILED');
    const error = (await druid().report(kttm.taskId)).multiStageQuery.payload.status.errorReport.error;
    expect(error).toMatchObject({ errorCode: 'TooManyWarnings', maxWarnings: 3, rootErrorCode: 'CannotParseExternalData' });
  });

  it('fails with InsertTimeNull when __time is null', async () => {
    const src = extern({ type: 'inline', data: '{"t":"not a time","x":1}' }, { type: 'json' }, [['t', 'string'], ['x', 'long']]);
    const { taskId, status } = await druid().run(`INSERT INTO nulls SELECT TIME_PARSE(t) AS __time, x FROM ${src} PARTITIONED BY DAY`);
    expect(status.status).toBe('FAILED');
    expect((await druid().report(taskId)).multiStageQuery.payload.status.errorReport.error.errorCode).toBe('InsertTimeNull');
  });

  it('fails with InsertCannotBeEmpty when failOnEmptyInsert is set', async () => {
    const src = extern({ type: 'inline', data: '{"t":"2024-01-01","x":1}' }, { type: 'json' }, [['t', 'string'], ['x', 'long']]);
    const q = `INSERT INTO nothing_here SELECT TIME_PARSE(t) AS __time, x FROM ${src} WHERE x > 5 PARTITIONED BY DAY`;
    const failing = await druid().run(q, { failOnEmptyInsert: true });
    expect(failing.status.status).toBe('FAILED');
    expect((await druid().report(failing.taskId)).multiStageQuery.payload.status.errorReport.error).toMatchObject({ errorCode: 'InsertCannotBeEmpty', dataSource: 'nothing_here' });
    expect((await druid().run(q)).status.status).toBe('SUCCESS');
  });

  it('fails a missing input file with a clear fault', async () => {
    const src = extern({ type: 'local', files: ['/no/such/file.json'] }, { type: 'json' }, [['t', 'string']]);
    const { status } = await druid().run(`INSERT INTO missing SELECT TIME_PARSE(t) AS __time FROM ${src} PARTITIONED BY DAY`);
    expect(status.status).toBe('FAILED');
    expect(status.errorMsg).toMatch(/\/no\/such\/file\.json/);
  });

  it.skipIf(!wikiticker.present)('cancels a running task: it fails with Canceled and publishes nothing', async () => {
    const taskId = await druid().submit(
      `INSERT INTO cancelled SELECT TIME_PARSE("time") AS __time, * FROM ${extern({ type: 'local', files: [wikiticker.path] }, { type: 'json' }, WIKITICKER_SIGNATURE)} PARTITIONED BY HOUR`,
    );
    const shutdown = await druid().post(`/druid/indexer/v1/task/${taskId}/shutdown`, {});
    expect(shutdown).toEqual({ status: 200, body: { task: taskId } });
    const status = await druid().waitFor(taskId);
    expect(status.status).toBe('FAILED');
    expect(status.errorMsg).toMatch(/^Canceled/);
    expect((await druid().report(taskId)).multiStageQuery.payload.status.errorReport.error.errorCode).toBe('Canceled');
    expect(await druid().sql(`SELECT COUNT(*) FROM sys.segments WHERE datasource = 'cancelled'`)).toEqual([[0]]);
  });

  it.skipIf(!wikiticker.present)('fails a task that runs past its context timeout with Canceled (QUERY_TIMEOUT), publishing nothing', async () => {
    const { taskId, status } = await druid().run(
      `INSERT INTO timed_out SELECT TIME_PARSE("time") AS __time, * FROM ${extern({ type: 'local', files: [wikiticker.path] }, { type: 'json' }, WIKITICKER_SIGNATURE)} PARTITIONED BY HOUR`,
      { timeout: 1 },
    );
    expect(status.status).toBe('FAILED');
    expect(status.errorMsg).toBe('Canceled: Query timed out');
    expect((await druid().report(taskId)).multiStageQuery.payload.status.errorReport.error).toEqual({ errorCode: 'Canceled', errorMessage: 'Query timed out', reason: 'QUERY_TIMEOUT' });
    expect(await druid().sql(`SELECT COUNT(*) FROM sys.segments WHERE datasource = 'timed_out'`)).toEqual([[0]]);
  });

  it('refuses a timeout that is not a non-negative number of milliseconds', async () => {
    const response = await druid().post('/druid/v2/sql/task', { query: 'SELECT 1', context: { timeout: 'soon' } });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errorCode: 'invalidInput', errorMessage: 'Expected key [timeout] to be in long format, but got [soon]' });
  });

  it('keeps serving after all of the above', async () => {
    expect((await druid().get('/status/health')).body).toBe(true);
  });
});
