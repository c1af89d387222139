import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useServer } from '../support/server.ts';

// Druid's IndexTaskTest.testMultipleParseExceptionsSuccess input: one good row, three rows with a value
// that does not convert, four unparseable rows (two timestamps, two bad JSON records), one outside the interval.
const LINES = [
  '{"time":"unparseable","dim":"a","dimLong":2,"dimFloat":3.0,"val":1}',
  '{"time":"2014-01-01T00:00:10Z","dim":"a","dimLong":2,"dimFloat":3.0,"val":1}',
  '{"time":"2014-01-01T00:00:10Z","dim":"b","dimLong":"notnumber","dimFloat":3.0,"val":1}',
  '{"time":"2014-01-01T00:00:10Z","dim":"b","dimLong":2,"dimFloat":"notnumber","val":1}',
  '{"time":"2014-01-01T00:00:10Z","dim":"b","dimLong":2,"dimFloat":4.0,"val":"notnumber"}',
  '{"time":9.0x,"dim":"a","dimLong":2,"dimFloat":3.0,"val":1}',
  '{"time":"3014-03-01T00:00:10Z","dim":"outsideofinterval","dimLong":2,"dimFloat":3.0,"val":1}',
  '{"time":"99999999999-01-01T00:00:10Z","dim":"b","dimLong":2,"dimFloat":3.0,"val":1}',
  'this is not JSON',
];

function spec(dataSource: string, file: string, tuning: Record<string, unknown>) {
  return {
    type: 'index',
    spec: {
      dataSchema: {
        dataSource,
        timestampSpec: { column: 'time', format: 'auto' },
        dimensionsSpec: { dimensions: ['dim', { type: 'long', name: 'dimLong' }, { type: 'float', name: 'dimFloat' }] },
        metricsSpec: [{ type: 'longSum', name: 'val', fieldName: 'val' }],
        granularitySpec: { segmentGranularity: 'DAY', queryGranularity: 'none', intervals: ['2014-01-01/2014-01-02'], rollup: false },
      },
      ioConfig: { type: 'index', inputSource: { type: 'local', files: [file] }, inputFormat: { type: 'json' } },
      tuningConfig: { type: 'index', ...tuning },
    },
  };
}

describe('native batch parse exceptions (rowStats, unparseableEvents, maxParseExceptions)', () => {
  const druid = useServer();
  const dir = mkdtempSync(join(tmpdir(), 'silt-parse-'));
  const file = join(dir, 'rows.json');
  writeFileSync(file, LINES.map((l) => `${l}\n`).join(''));

  it("keeps rows whose values do not convert and counts them as processedWithError, as Druid's IndexTaskTest documents", async () => {
    const { taskId, status } = await submitNative(spec('parse_ok', file, { maxParseExceptions: 7, maxSavedParseExceptions: 7 }));
    expect(status).toMatchObject({ status: 'SUCCESS' });
    const payload = (await druid().report(taskId)).ingestionStatsAndErrors.payload;
    expect(payload.rowStats.buildSegments).toEqual({ processed: 1, processedBytes: 657, processedWithError: 3, thrownAway: 1, unparseable: 4 });
    // The index task always lists both phases; with intervals and dynamic partitioning there is no first pass.
    expect(payload.rowStats.determinePartitions).toEqual({ processed: 0, processedBytes: 0, processedWithError: 0, thrownAway: 0, unparseable: 0 });
    expect(payload.unparseableEvents.determinePartitions).toEqual([]);

    const events = payload.unparseableEvents.buildSegments as { input: string; errorType: string; details: string[]; timeOfExceptionMillis: number }[];
    expect(events).toHaveLength(7);
    expect(events.filter((e) => e.errorType === 'processedWithError').map((e) => e.details)).toEqual([
      ['Unable to parse value[notnumber] for field[val]'],
      ['could not convert value [notnumber] to float'],
      ['could not convert value [notnumber] to long'],
    ]);
    expect(events.find((e) => e.details[0] === 'could not convert value [notnumber] to long')!.input).toBe(LINES[2]);
    const unparseable = events.filter((e) => e.errorType === 'unparseable').map((e) => e.details[0]);
    expect(unparseable).toHaveLength(4);
    // Each names the file and line, as Druid's do.
    expect(unparseable.sort()).toEqual([
      `Timestamp[99999999999-01-01T00:00:10Z] is unparseable! (Path: file:${file}, Line: 8)`,
      `Timestamp[unparseable] is unparseable! (Path: file:${file}, Line: 1)`,
      `Unable to parse row [this is not JSON] (Path: file:${file}, Line: 9)`,
      `Unable to parse row [${LINES[5]}] (Path: file:${file}, Line: 6)`,
    ]);
    expect(events.every((e) => typeof e.timeOfExceptionMillis === 'number')).toBe(true);

    // The three partially valid rows are ingested, their unconvertible values null.
    expect(await druid().sql('SELECT dim, dimLong, dimFloat, val FROM parse_ok ORDER BY dim, dimLong, dimFloat')).toEqual([
      ['a', 2, 3, 1],
      ['b', null, 3, 1],
      ['b', 2, null, 1],
      ['b', 2, 4, null],
    ]);
  });

  it('counts the first pass of a hashed index task without numShards as determinePartitions, values not converted yet', async () => {
    const body = spec('parse_hashed', file, { maxParseExceptions: 7, maxSavedParseExceptions: 7, forceGuaranteedRollup: true, partitionsSpec: { type: 'hashed' } });
    const { taskId, status } = await submitNative(body);
    expect(status.status).toBe('SUCCESS');
    const payload = (await druid().report(taskId)).ingestionStatsAndErrors.payload;
    expect(payload.rowStats.determinePartitions).toEqual({ processed: 4, processedBytes: 657, processedWithError: 0, thrownAway: 1, unparseable: 4 });
    expect(payload.rowStats.buildSegments).toEqual({ processed: 1, processedBytes: 657, processedWithError: 3, thrownAway: 1, unparseable: 4 });
    expect(payload.unparseableEvents.determinePartitions).toHaveLength(4);
  });

  it('keeps only the latest maxSavedParseExceptions events, newest first (none by default)', async () => {
    const two = await submitNative(spec('parse_saved', file, { maxSavedParseExceptions: 2 }));
    expect(two.status.status).toBe('SUCCESS');
    const saved = (await druid().report(two.taskId)).ingestionStatsAndErrors.payload.unparseableEvents.buildSegments;
    expect(saved).toHaveLength(2);

    const none = await submitNative(spec('parse_default', file, {}));
    expect(none.status.status).toBe('SUCCESS');
    expect((await druid().report(none.taskId)).ingestionStatsAndErrors.payload.unparseableEvents.buildSegments).toEqual([]);
  });

  it('fails with "Max parse exceptions[N] exceeded" once unparseable plus processedWithError rows pass maxParseExceptions, and publishes nothing', async () => {
    const { taskId, status } = await submitNative(spec('parse_fail', file, { maxParseExceptions: 5 }));
    expect(status).toMatchObject({ status: 'FAILED', errorMsg: 'Max parse exceptions[5] exceeded' });
    const payload = (await druid().report(taskId)).ingestionStatsAndErrors.payload;
    expect(payload.errorMsg).toBe('Max parse exceptions[5] exceeded');
    expect(payload.rowStats.buildSegments.unparseable + payload.rowStats.buildSegments.processedWithError).toBe(6);
    expect(await druid().sql("SELECT COUNT(*) FROM sys.segments WHERE datasource = 'parse_fail'")).toEqual([[0]]);
  });

  it('writes each parse exception to the task log with logParseExceptions, and only then', async () => {
    const logged = await submitNative(spec('parse_logged', file, { logParseExceptions: true }));
    expect(logged.status.status).toBe('SUCCESS');
    const res = await druid().get(`/druid/indexer/v1/task/${logged.taskId}/log`);
    expect(res.status).toBe(200);
    const log = res.body as string;
    const exceptions = log.split('\n').filter((l) => l.includes('Encountered parse exception: '));
    expect(exceptions).toHaveLength(7);
    expect(log).toContain(`Encountered parse exception: Unable to parse row [this is not JSON] (Path: file:${file}, Line: 9)`);
    expect(log).toContain('Encountered parse exception: Found unparseable columns in row: [' + LINES[2] + '], exceptions: [could not convert value [notnumber] to long]');
    expect(log).toMatch(/finished with status \[SUCCESS\]\n$/);
    // A negative offset reads the end of the log.
    const tail = await druid().get(`/druid/indexer/v1/task/${logged.taskId}/log?offset=-20`);
    expect(tail.body as string).toHaveLength(20);

    const quiet = await submitNative(spec('parse_quiet', file, {}));
    const quietLog = await druid().get(`/druid/indexer/v1/task/${quiet.taskId}/log`);
    expect(quietLog.body as string).not.toContain('Encountered parse exception');
    expect((await druid().get('/druid/indexer/v1/task/no_such_task/log')).status).toBe(404);
  });

  it('reads unconvertible values as null without counting them in SQL tasks, as Druid MSQ does', async () => {
    const query = `INSERT INTO parse_sql SELECT TIME_PARSE("time") AS __time, dim, dimLong FROM TABLE(EXTERN('${JSON.stringify({ type: 'local', files: [file] })}', '{"type":"json"}', '[{"name":"time","type":"string"},{"name":"dim","type":"string"},{"name":"dimLong","type":"long"}]')) WHERE TIME_PARSE("time") < TIMESTAMP '2015-01-01' PARTITIONED BY DAY`;
    const { taskId, status } = await druid().run(query, { maxParseExceptions: -1 });
    expect(status.status).toBe('SUCCESS');
    const warnings = (await druid().report(taskId)).multiStageQuery.payload.status.warnings ?? [];
    expect(warnings.map((w: any) => w.error.errorMessage).filter((m: string) => m.startsWith('Found unparseable columns'))).toEqual([]);
    expect(await druid().sql('SELECT dim, dimLong FROM parse_sql ORDER BY dim, dimLong')).toEqual([
      ['a', 2],
      ['b', null],
      ['b', 2],
      ['b', 2],
    ]);
  });

  it('stores strings holding null bytes as they are, as Druid native batch does (no InvalidNullByte: it writes no frames)', async () => {
    const nulFile = join(dir, 'nul.json');
    writeFileSync(nulFile, '{"time":"2014-01-01T00:00:10Z","dim":"a\\u0000b","dimLong":1,"dimFloat":1.0,"val":1}\n');
    const { status } = await submitNative(spec('parse_nul', nulFile, {}));
    expect(status).toMatchObject({ status: 'SUCCESS' });
    expect(await druid().sql('SELECT dim, CHAR_LENGTH(dim) FROM parse_nul')).toEqual([['a\u0000b', 3]]);
  });

  async function submitNative(body: object): Promise<{ taskId: string; status: any }> {
    const res = await druid().post('/druid/indexer/v1/task', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { taskId: res.body.task, status: await druid().waitFor(res.body.task) };
  }
});
