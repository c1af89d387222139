import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATASETS, dataset, useServer } from '../support/server.ts';

const tiny = dataset('druid-batch-index/json/wikipedia_index_data1.json');
const CLI = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));

function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

describe.skipIf(!tiny.present)('silt ingest (the CLI, like bin/post-index-task)', () => {
  const druid = useServer();

  it('submits a spec, shows progress and ends with the task status', async () => {
    const spec = {
      type: 'index_parallel',
      spec: {
        dataSchema: { dataSource: 'cli_wiki', timestampSpec: { column: 'timestamp' }, dimensionsSpec: { dimensions: ['page'] }, granularitySpec: { segmentGranularity: 'DAY', intervals: ['2013-08-31/2013-09-02'] } },
        ioConfig: { type: 'index_parallel', inputSource: { type: 'local', baseDir: `${DATASETS}/druid-batch-index/json`, filter: 'wikipedia_index_data*' }, inputFormat: { type: 'json' } },
        tuningConfig: { type: 'index_parallel', maxNumConcurrentSubTasks: 2 },
      },
    };
    const file = join(mkdtempSync(join(tmpdir(), 'silt-cli-')), 'spec.json');
    writeFileSync(file, JSON.stringify(spec));
    const { code, stderr } = await runCli(['ingest', file, '--url', druid().url]);
    expect(stderr).toMatch(/^Task started: index_parallel_cli_wiki_/m);
    expect(stderr).toMatch(/SUCCESS in \d+ ms, 10 rows processed/);
    expect(code).toBe(0);
    expect(await druid().sql('SELECT COUNT(*) FROM cli_wiki')).toEqual([[10]]);
  });

  it('fails with exit code 1 and the error for a bad spec', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'silt-cli-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ type: 'index_parallel', spec: {} }));
    const { code, stderr } = await runCli(['ingest', file, '--url', druid().url]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/HTTP 400/);
  });
});
