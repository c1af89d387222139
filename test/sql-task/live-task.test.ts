import { describe, expect, it } from 'vitest';
import { gatedHttpServer } from '../support/gated-http-server.ts';
import { extern } from '../support/queries.ts';
import { useServer } from '../support/server.ts';

const rows = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => JSON.stringify({ ts: `2024-05-01T00:00:${String((from + i) % 60).padStart(2, '0')}Z`, n: from + i })).join('\n') + '\n';

describe('a task that is still reading its input (http source held open)', () => {
  const druid = useServer();

  it('shows a live report, running-task lists and sys.tasks, then completes when the input ends', async () => {
    const http = await gatedHttpServer(rows(0, 100), rows(100, 200));
    try {
      const src = extern({ type: 'http', uris: [http.url] }, { type: 'json' }, [['ts', 'string'], ['n', 'long']]);
      const taskId = await druid().submit(`INSERT INTO live SELECT TIME_PARSE(ts) AS __time, n FROM ${src} PARTITIONED BY DAY`);
      await http.firstPartSent;

      const report = (await druid().report(taskId)).multiStageQuery.payload;
      expect(report.status).toMatchObject({ status: 'RUNNING', pendingTasks: 0 });
      expect(report.status.runningTasks).toBeGreaterThanOrEqual(2);
      expect(report.stages[0]).toMatchObject({ stageNumber: 0, phase: 'READING_INPUT', workerCount: 1 });
      expect(report.stages.at(-1).phase).toBeUndefined();
      expect((await druid().get(`/druid/indexer/v1/task/${taskId}/status`)).body.status).toMatchObject({ status: 'RUNNING', runnerStatusCode: 'RUNNING', duration: -1 });
      expect((await druid().get('/druid/indexer/v1/runningTasks')).body.map((t: any) => t.id)).toEqual([taskId]);
      expect(await druid().sql(`SELECT status FROM sys.tasks WHERE task_id = '${taskId}'`)).toEqual([['RUNNING']]);

      http.release();
      expect((await druid().waitFor(taskId)).status).toBe('SUCCESS');
      expect(await druid().sql('SELECT COUNT(*), SUM(n) FROM live')).toEqual([[200, 19900]]);
    } finally {
      await http.close();
    }
  });

  it('cancels promptly while the input is stalled, publishing nothing', async () => {
    const http = await gatedHttpServer(rows(0, 100), rows(100, 200));
    try {
      const src = extern({ type: 'http', uris: [http.url] }, { type: 'json' }, [['ts', 'string'], ['n', 'long']]);
      const taskId = await druid().submit(`INSERT INTO stalled SELECT TIME_PARSE(ts) AS __time, n FROM ${src} PARTITIONED BY DAY`);
      await http.firstPartSent;
      expect((await druid().post(`/druid/indexer/v1/task/${taskId}/shutdown`, {})).body).toEqual({ task: taskId });
      const status = await druid().waitFor(taskId);
      expect(status).toMatchObject({ status: 'FAILED', errorMsg: expect.stringMatching(/^Canceled: /) });
      expect(await druid().sql(`SELECT COUNT(*) FROM sys.segments WHERE datasource = 'stalled'`)).toEqual([[0]]);
    } finally {
      await http.close();
    }
  });
});
