import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessingPool } from '@silt/engine';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Silt } from '../src/index.ts';

/**
 * An interactive GROUP BY over a one-segment table runs as one pool task (no merge task); its rows
 * must be the rows of the staged plan, which SQL tasks still run, and of the same data in many
 * segments. The data has null keys and values, and ties in the counts.
 */
const CHANNELS = ['#en', '#fr', null, '#de', '#en', '#ja', '#en', '#fr'];
const lines = Array.from({ length: 96 }, (_, r) => {
  const time = new Date(Date.UTC(2015, 8, 12, r % 6, r)).toISOString();
  return JSON.stringify({ time, channel: CHANNELS[r % CHANNELS.length], page: r % 5 === 0 ? null : `p${r % 9}`, added: r % 7 === 0 ? null : r });
});
const source = `TABLE(EXTERN('${JSON.stringify({ type: 'inline', data: lines.join('\n') })}', '{"type":"json"}', '[{"name":"time","type":"string"},{"name":"channel","type":"string"},{"name":"page","type":"string"},{"name":"added","type":"long"}]'))`;

const QUERIES = [
  'SELECT channel, COUNT(*), SUM(added) FROM {t} GROUP BY 1 ORDER BY 2 DESC LIMIT 10',
  'SELECT channel, SUM(__time / 1000), COUNT(*), SUM(added * 0.5) FROM {t} GROUP BY 1 ORDER BY 3 DESC, 1',
  'SELECT channel, COUNT(*) AS n FROM {t} GROUP BY 1 ORDER BY n DESC, channel LIMIT 2 OFFSET 1',
  'SELECT channel, COUNT(*) AS n FROM {t} GROUP BY 1 ORDER BY n LIMIT 3',
  "SELECT page, COUNT(*), MIN(added), MAX(added), AVG(added) FROM {t} WHERE channel = '#en' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 4",
  "SELECT page, COUNT(*) FROM {t} WHERE channel IN ('#fr', '#ja') AND added > 10 GROUP BY 1",
  'SELECT channel, page, SUM(added) FROM {t} GROUP BY 1, 2 HAVING SUM(added) > 100 ORDER BY 3 DESC',
  'SELECT channel, COUNT(DISTINCT page) FROM {t} GROUP BY channel',
  "SELECT TIME_FLOOR(__time, 'PT1H'), COUNT(*), SUM(added) FROM {t} GROUP BY 1 ORDER BY 1",
  'SELECT UPPER(channel) AS c, COUNT(*) FROM {t} GROUP BY 1 ORDER BY c DESC LIMIT 3',
  'SELECT COUNT(*), SUM(added) FROM {t}',
  "SELECT COUNT(*) FROM {t} WHERE channel = 'absent'",
  "SELECT page, COUNT(*) FROM {t} WHERE channel = 'absent' GROUP BY 1",
];

describe('a GROUP BY over one segment runs as one task, with the rows of the staged plan', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'silt-one-task-'));
  let silt: Silt;
  beforeAll(async () => {
    silt = await Silt.open({ dataDir, threads: 2 });
    for (const [table, granularity] of [['t_one', 'ALL'], ['t_many', 'HOUR']]) {
      const submitted = await silt.submitSql({ query: `INSERT INTO ${table} SELECT TIME_PARSE("time") AS __time, channel, page, added FROM ${source} PARTITIONED BY ${granularity}` });
      if (!('taskId' in submitted)) throw new Error('expected a task');
      expect((await silt.waitForTask(submitted.taskId)).status.status).toBe('SUCCESS');
    }
  });
  afterAll(async () => {
    await silt.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Rows of an interactive query, and how many of its pool tasks finished its GROUP BY. */
  async function interactive(query: string, context?: Record<string, unknown>): Promise<{ rows: unknown[][]; tasks: number; completing: number }> {
    const run = vi.spyOn(ProcessingPool.prototype, 'run');
    try {
      const { rows } = await silt.query({ query, ...(context ? { context } : {}) });
      const tasks = run.mock.calls.map(([task]) => task);
      return { rows, tasks: tasks.length, completing: tasks.filter((t) => t.kind === 'scanSegment' && t.processing.completeAggregate).length };
    } finally {
      run.mockRestore();
    }
  }

  /** Rows of the same query as an MSQ SELECT task, which always runs the staged plan. */
  async function asTask(query: string): Promise<unknown[][]> {
    const submitted = await silt.submitSql({ query });
    if (!('taskId' in submitted)) throw new Error('expected a task');
    await silt.waitForTask(submitted.taskId);
    const report = (await silt.taskReport(submitted.taskId)) as { multiStageQuery: { payload: { results: { results: unknown[][] } } } };
    return report.multiStageQuery.payload.results.results;
  }

  for (const template of QUERIES) {
    it(template.replace('{t}', 't'), async () => {
      const one = await interactive(template.replace('{t}', 't_one'));
      expect(one).toMatchObject({ tasks: 1, completing: 1 });
      expect(one.rows).toEqual(await asTask(template.replace('{t}', 't_one')));
      // Many segments take the staged plan, and so do two workers' hash partitions when there
      // are group keys (without keys there is one partition).
      const many = await interactive(template.replace('{t}', 't_many'));
      expect(many.completing).toBe(0);
      const twoWorkers = await interactive(template.replace('{t}', 't_one'), { maxNumTasks: 3 });
      expect(twoWorkers.completing).toBe(/GROUP BY/.test(template) ? 0 : 1);
      if (!/ORDER BY n LIMIT/.test(template)) {
        // Without a tie at the LIMIT, every plan gives the same rows in the same order.
        expect(many.rows).toEqual(one.rows);
        expect(twoWorkers.rows).toEqual(one.rows);
      }
    });
  }
});
