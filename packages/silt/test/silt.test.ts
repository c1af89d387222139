import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DruidError, Silt } from '../src/index.ts';

const data = ['{"ts":"2024-01-01T01:00:00Z","animal":"lion","n":3}', '{"ts":"2024-01-01T02:00:00Z","animal":"tiger","n":4}', '{"ts":"2024-01-02T01:00:00Z","animal":"lion","n":5}'].join('\n');
const source = `TABLE(EXTERN('${JSON.stringify({ type: 'inline', data })}', '{"type":"json"}', '[{"name":"ts","type":"string"},{"name":"animal","type":"string"},{"name":"n","type":"long"}]'))`;

describe('embedding API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'silt-embed-'));
  let silt: Silt;
  beforeAll(async () => {
    silt = await Silt.open({ dataDir, threads: 1 });
  });
  afterAll(async () => {
    await silt.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('ingests with submitSql and reads back with query', async () => {
    const submitted = await silt.submitSql({ query: `INSERT INTO zoo SELECT TIME_PARSE(ts) AS __time, animal, n FROM ${source} PARTITIONED BY DAY` });
    if (!('taskId' in submitted)) throw new Error('expected a task');
    const { taskId, state } = submitted;
    expect(state).toBe('RUNNING');
    expect((await silt.waitForTask(taskId)).status.status).toBe('SUCCESS');
    const { signature, rows } = await silt.query({ query: 'SELECT animal, SUM(n) AS total FROM zoo GROUP BY animal ORDER BY total DESC' });
    expect(signature.map((c) => c.name)).toEqual(['animal', 'total']);
    expect(rows).toEqual([['lion', 8], ['tiger', 4]]);
  });

  it('throws DruidError 400 for invalid SQL and 404 for unknown tasks', async () => {
    await expect(silt.submitSql({ query: 'SELEC 1' })).rejects.toMatchObject({ status: 400 });
    const err = await silt.taskStatus('query-unknown').catch((e) => e);
    expect(err).toBeInstanceOf(DruidError);
    expect(err.status).toBe(404);
  });

  it('keeps tasks across a reopen of the same data directory', async () => {
    const before = await silt.listTasks();
    await silt.close();
    silt = await Silt.open({ dataDir, threads: 1 });
    expect((await silt.listTasks()).map((t) => t.id)).toEqual(before.map((t) => t.id));
    expect((await silt.query({ query: 'SELECT COUNT(*) FROM zoo' })).rows).toEqual([[3]]);
  });
});
