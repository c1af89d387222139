import { describe, expect, it } from 'vitest';
import { gatedHttpServer } from '../support/gated-http-server.ts';
import { extern } from '../support/queries.ts';
import { useServer } from '../support/server.ts';

const SIGNATURE: [string, string][] = [['ts', 'string'], ['n', 'long']];
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => JSON.stringify({ ts: '2024-05-01T00:00:00Z', n: from + i })).join('\n') + '\n';
const inline = (from: number, to: number) => extern({ type: 'inline', data: rows(from, to) }, { type: 'json' }, SIGNATURE);
const replaceAll = (table: string, source: string) => `REPLACE INTO ${table} OVERWRITE ALL SELECT TIME_PARSE(ts) AS __time, n FROM ${source} PARTITIONED BY DAY`;

// The first task of each test holds its time-chunk lock (REPLACE ... OVERWRITE ALL locks before
// reading) while its http input is held open, so the second one always meets that lock.
describe('time-chunk lock preemption by task priority', () => {
  const druid = useServer();

  it('a higher-priority REPLACE revokes the lock of a running lower-priority one, which then fails with InsertLockPreempted and publishes nothing', async () => {
    const http = await gatedHttpServer(rows(0, 100), rows(100, 200));
    try {
      const gated = extern({ type: 'http', uris: [http.url] }, { type: 'json' }, SIGNATURE);
      const low = await druid().submit(replaceAll('preempted', gated));
      await http.firstPartSent;

      // Druid's default priority for batch tasks is 50; 75 is its realtime tasks'.
      const high = await druid().run(replaceAll('preempted', inline(1000, 1010)), { priority: 75 });
      expect(high.status.status).toBe('SUCCESS');
      const published = await druid().sql(`SELECT COUNT(*) FROM sys.segments WHERE datasource = 'preempted'`);

      http.release();
      const status = await druid().waitFor(low);
      expect(status).toMatchObject({ status: 'FAILED', errorMsg: expect.stringMatching(/^InsertLockPreempted: Insert lock preempted/) });
      const { errorReport } = (await druid().report(low)).multiStageQuery.payload.status;
      expect(errorReport.error).toMatchObject({ errorCode: 'InsertLockPreempted' });
      expect(await druid().sql('SELECT COUNT(*), MIN(n), MAX(n) FROM preempted')).toEqual([[10, 1000, 1009]]);
      expect(await druid().sql(`SELECT COUNT(*) FROM sys.segments WHERE datasource = 'preempted'`)).toEqual(published);
    } finally {
      await http.close();
    }
  });

  it('a REPLACE of the same priority waits for the running one instead of revoking its lock', async () => {
    const http = await gatedHttpServer(rows(0, 100), rows(100, 200));
    try {
      const gated = extern({ type: 'http', uris: [http.url] }, { type: 'json' }, SIGNATURE);
      const first = await druid().submit(replaceAll('queued', gated), { priority: 60 });
      await http.firstPartSent;
      const second = await druid().submit(replaceAll('queued', inline(1000, 1010)), { priority: 60 });

      http.release();
      expect((await druid().waitFor(first)).status).toBe('SUCCESS');
      expect((await druid().waitFor(second)).status).toBe('SUCCESS');
      // The second ran after the first had published, so its rows are what is left.
      expect(await druid().sql('SELECT COUNT(*), MIN(n) FROM queued')).toEqual([[10, 1000]]);
    } finally {
      await http.close();
    }
  });

  it('a native index task with a higher context priority preempts a running SQL REPLACE', async () => {
    const http = await gatedHttpServer(rows(0, 100), rows(100, 200));
    try {
      const gated = extern({ type: 'http', uris: [http.url] }, { type: 'json' }, SIGNATURE);
      const sqlTask = await druid().submit(replaceAll('mixed', gated));
      await http.firstPartSent;

      const spec = {
        type: 'index_parallel',
        context: { priority: 75 },
        spec: {
          dataSchema: {
            dataSource: 'mixed',
            timestampSpec: { column: 'ts', format: 'iso' },
            dimensionsSpec: { dimensions: [{ type: 'long', name: 'n' }] },
            granularitySpec: { segmentGranularity: 'day', queryGranularity: 'none', rollup: false, intervals: ['2024-05-01/2024-05-02'] },
          },
          ioConfig: { type: 'index_parallel', inputSource: { type: 'inline', data: rows(2000, 2005) }, inputFormat: { type: 'json' } },
        },
      };
      const refused = await druid().post('/druid/indexer/v1/task', { ...spec, context: { priority: 'high' } });
      expect(refused).toMatchObject({ status: 400, body: { errorMessage: 'Expected key [priority] to be in integer format, but got [high]' } });
      const submitted = await druid().post('/druid/indexer/v1/task', spec);
      expect(submitted.status).toBe(200);
      expect((await druid().waitFor(submitted.body.task)).status).toBe('SUCCESS');

      http.release();
      expect(await druid().waitFor(sqlTask)).toMatchObject({ status: 'FAILED', errorMsg: expect.stringMatching(/^InsertLockPreempted: /) });
      expect(await druid().sql('SELECT COUNT(*), MIN(n) FROM mixed')).toEqual([[5, 2000]]);
    } finally {
      await http.close();
    }
  });
});
