import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extern } from '../support/queries.ts';
import { useServer } from '../support/server.ts';

// One worker gets three quarters of 100 MB; a fifth of that, 15 MB, may hold broadcast join inputs.
const WORKER_MEMORY = 100_000_000;
const BROADCAST_BUDGET = 15_000_000;

const dir = mkdtempSync(join(tmpdir(), 'silt-broadcast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A right side of `rows` distinct keys with 60-character values: about 30 MB of frames for 400,000. */
function rightSide(rows: number): string {
  const path = join(dir, `right-${rows}.json`);
  const pad = 'x'.repeat(50);
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) lines.push(`{"k":"key-${i}","v":"${pad}-${String(i).padStart(8, '0')}"}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const left = extern({ type: 'inline', data: '{"ts":"2024-05-01T00:00:00Z","k":"key-7"}\n{"ts":"2024-05-01T01:00:00Z","k":"key-9"}' }, { type: 'json' }, [['ts', 'string'], ['k', 'string']]);
const joinInsert = (table: string, rightPath: string) =>
  `INSERT INTO ${table} SELECT TIME_PARSE(l.ts) AS __time, l.k, r.v FROM ${left} AS l ` +
  `INNER JOIN ${extern({ type: 'local', files: [rightPath] }, { type: 'json' }, [['k', 'string'], ['v', 'string']])} AS r ON l.k = r.k PARTITIONED BY DAY`;

describe(`broadcast joins under a worker memory of ${WORKER_MEMORY} bytes`, () => {
  const druid = useServer({ env: { SILT_WORKER_MEMORY: String(WORKER_MEMORY) } });

  it('fails with BroadcastTablesTooLarge when the broadcast side passes a fifth of the worker memory, publishing nothing', async () => {
    const { taskId, status } = await druid().run(joinInsert('too_wide', rightSide(400_000)));
    expect(status).toMatchObject({ status: 'FAILED', errorMsg: expect.stringMatching(/^BroadcastTablesTooLarge: Size of broadcast tables in a join exceeded the memory reserved for them/) });
    const { error } = (await druid().report(taskId)).multiStageQuery.payload.status.errorReport;
    expect(error).toMatchObject({ errorCode: 'BroadcastTablesTooLarge', maxBroadcastTablesSize: BROADCAST_BUDGET });
    expect(await druid().sql(`SELECT COUNT(*) FROM sys.segments WHERE datasource = 'too_wide'`)).toEqual([[0]]);
  });

  it('joins a broadcast side within that budget, and the sort-merge join takes the large one', async () => {
    const small = await druid().run(joinInsert('fits', rightSide(1_000)));
    expect(small.status.status).toBe('SUCCESS');
    expect(await druid().sql('SELECT k, v FROM fits ORDER BY k')).toEqual([
      ['key-7', `${'x'.repeat(50)}-00000007`],
      ['key-9', `${'x'.repeat(50)}-00000009`],
    ]);
    const merged = await druid().run(joinInsert('merged', rightSide(400_000)), { sqlJoinAlgorithm: 'sortMerge' });
    expect(merged.status.status).toBe('SUCCESS');
    expect(await druid().sql('SELECT COUNT(*) FROM merged')).toEqual([[2]]);
  });
});
