import { describe, expect, it } from 'vitest';
import { extern } from '../support/queries.ts';
import { removeDataDir, startServer, useServer } from '../support/server.ts';
import { DruidClient } from '../support/druid-client.ts';

const input = extern({ type: 'inline', data: '{"ts":"2024-05-01T00:00:00Z","n":1}\n{"ts":"2024-05-01T01:00:00Z","n":2}' }, { type: 'json' }, [['ts', 'string'], ['n', 'long']]);
const insert = (table: string) => `INSERT INTO ${table} SELECT TIME_PARSE(ts) AS __time, n FROM ${input} PARTITIONED BY DAY`;

// One worker gets three quarters of 20 MB: enough to read the inline input (stage 0 needs no
// processor for earlier stages' partitions), not for the segment generator's processor (25 MB of
// working memory plus an input and an output frame of 1 MB) and the least free memory (10 MB of
// partition statistics plus three frames): 40 MB per worker, so 40 / 0.75 MB of server memory.
const SUGGESTED = 53_333_334;

describe('a server with too little worker memory (SILT_WORKER_MEMORY=20000000)', () => {
  const druid = useServer({ env: { SILT_WORKER_MEMORY: '20000000' } });

  it('fails the stage that needs more than a worker has with NotEnoughMemory, publishing nothing', async () => {
    const { taskId, status } = await druid().run(insert('starved'));
    expect(status).toMatchObject({ status: 'FAILED', errorMsg: expect.stringMatching(/^NotEnoughMemory: Not enough memory\. This configuration needs a server memory of at least 53,333,334 bytes\./) });
    const { errorReport } = (await druid().report(taskId)).multiStageQuery.payload.status;
    expect(errorReport.stageNumber).toBe(1);
    expect(errorReport.error).toEqual({
      errorCode: 'NotEnoughMemory',
      errorMessage: expect.stringContaining('--worker-memory'),
      suggestedServerMemory: SUGGESTED,
      serverMemory: 20_000_000,
      usableMemory: 15_000_000,
      serverWorkers: 1,
      serverThreads: expect.any(Number),
      inputWorkers: 1,
      maxConcurrentStages: 1,
    });
    expect(await druid().sql(`SELECT COUNT(*) FROM sys.segments WHERE datasource = 'starved'`)).toEqual([[0]]);
  });

  it('splits the memory between the workers a query may run', async () => {
    const { taskId, status } = await druid().run(insert('starved2'), { maxNumTasks: 3 });
    expect(status.status).toBe('FAILED');
    const { error } = (await druid().report(taskId)).multiStageQuery.payload.status.errorReport;
    expect(error).toMatchObject({ errorCode: 'NotEnoughMemory', serverWorkers: 2, usableMemory: 7_500_000, errorMessage: expect.stringContaining('fewer workers (maxNumTasks)') });
  });
});

describe('a server given the suggested worker memory', () => {
  it('runs the same INSERT', async () => {
    const server = await startServer({ env: { SILT_WORKER_MEMORY: String(SUGGESTED) } });
    try {
      const druid = new DruidClient(server.url);
      expect((await druid.run(insert('fed'))).status.status).toBe('SUCCESS');
      expect(await druid.sql('SELECT COUNT(*), SUM(n) FROM fed')).toEqual([[2, 3]]);
    } finally {
      await server.stop();
      await removeDataDir(server.dataDir);
    }
  });
});
