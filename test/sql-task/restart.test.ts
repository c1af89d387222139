import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DruidClient } from '../support/druid-client.ts';
import { WIKITICKER_SIGNATURE, extern } from '../support/queries.ts';
import { type RunningServer, dataset, removeDataDir, startServer } from '../support/server.ts';

const wikiticker = dataset('wikiticker-2015-09-12-sampled.json.gz');

describe.skipIf(!wikiticker.present)('a server stopped while a task runs', () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
  });

  it('fails the task at the next start, releases its locks, deletes its scratch files and keeps published data', async () => {
    server = await startServer();
    let druid = new DruidClient(server.url);
    const seed = extern({ type: 'inline', data: '{"t":"2015-09-12T01:00:00Z","page":"kept"}' }, { type: 'json' }, [['t', 'string'], ['page', 'string']]);
    expect((await druid.run(`INSERT INTO wiki SELECT TIME_PARSE(t) AS __time, page FROM ${seed} PARTITIONED BY DAY`)).status.status).toBe('SUCCESS');

    const src = extern({ type: 'local', files: [wikiticker.path] }, { type: 'json' }, WIKITICKER_SIGNATURE);
    const taskId = await druid.submit(`REPLACE INTO wiki OVERWRITE ALL SELECT TIME_PARSE("time") AS __time, page FROM ${src} PARTITIONED BY HOUR`);
    await server.stop('SIGKILL');

    server = await startServer({ dataDir: server.dataDir });
    druid = new DruidClient(server.url);
    const status = (await druid.get(`/druid/indexer/v1/task/${taskId}/status`)).body.status;
    expect(status).toMatchObject({ status: 'FAILED', errorMsg: expect.stringMatching(/^Canceled/) });
    expect((await druid.report(taskId)).multiStageQuery.payload.status.errorReport.error.errorCode).toBe('Canceled');
    expect(readdirSync(join(server.dataDir, 'tmp'))).toEqual([]);
    expect(await druid.sql('SELECT page FROM wiki')).toEqual([['kept']]);

    const again = await druid.run(`REPLACE INTO wiki OVERWRITE ALL SELECT TIME_PARSE(t) AS __time, page FROM ${seed} PARTITIONED BY DAY`);
    expect(again.status.status).toBe('SUCCESS');
  });
});
