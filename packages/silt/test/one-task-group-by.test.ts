import { mkdtempSync, readdirSync, watch } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
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

/** A task the processing pool was given. */
type PoolTask = Parameters<ProcessingPool['run']>[0];

/** What a task handed back. */
type TaskOutcome = Awaited<ReturnType<ProcessingPool['run']>>;

/** Rows of an interactive query, the pool tasks it ran, and what they handed back. */
async function queryWithTasks(silt: Silt, query: string, context?: Record<string, unknown>): Promise<{ rows: unknown[][]; tasks: PoolTask[]; outcomes: TaskOutcome[] }> {
  const run = vi.spyOn(ProcessingPool.prototype, 'run');
  try {
    const { rows } = await silt.query({ query, ...(context ? { context } : {}) });
    const outcomes = await Promise.all(run.mock.results.map((r) => r.value as Promise<TaskOutcome>));
    return { rows, tasks: run.mock.calls.map(([task]) => task), outcomes };
  } finally {
    run.mockRestore();
  }
}

/** Rows of the same query as an MSQ SELECT task, which always runs the staged plan. */
async function rowsAsTask(silt: Silt, query: string): Promise<unknown[][]> {
  const submitted = await silt.submitSql({ query });
  if (!('taskId' in submitted)) throw new Error('expected a task');
  await silt.waitForTask(submitted.taskId);
  const report = (await silt.taskReport(submitted.taskId)) as { multiStageQuery: { payload: { results: { results: unknown[][] } } } };
  return report.multiStageQuery.payload.results.results;
}

/** Runs an INSERT task, which must succeed. */
async function ingest(silt: Silt, query: string): Promise<void> {
  const submitted = await silt.submitSql({ query });
  if (!('taskId' in submitted)) throw new Error('expected a task');
  expect((await silt.waitForTask(submitted.taskId)).status.status).toBe('SUCCESS');
}

describe('a GROUP BY over one segment runs as one task, with the rows of the staged plan', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'silt-one-task-'));
  let silt: Silt;
  beforeAll(async () => {
    silt = await Silt.open({ dataDir, threads: 2 });
    for (const [table, granularity] of [['t_one', 'ALL'], ['t_many', 'HOUR']]) {
      await ingest(silt, `INSERT INTO ${table} SELECT TIME_PARSE("time") AS __time, channel, page, added FROM ${source} PARTITIONED BY ${granularity}`);
    }
  });
  afterAll(async () => {
    await silt.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Rows of an interactive query, and how many of its pool tasks finished its GROUP BY. */
  async function interactive(query: string, context?: Record<string, unknown>): Promise<{ rows: unknown[][]; tasks: number; completing: number }> {
    const { rows, tasks } = await queryWithTasks(silt, query, context);
    return { rows, tasks: tasks.length, completing: tasks.filter((t) => t.kind === 'scanSegment' && t.processing.completeAggregate).length };
  }
  const asTask = (query: string) => rowsAsTask(silt, query);

  it('leaves no scratch directory behind, the staged plan having made one and the one task none', async () => {
    const scratch = join(dataDir, 'tmp');
    const made: string[] = [];
    const watcher = watch(scratch, (_, name) => name && made.push(name));
    try {
      await interactive(QUERIES[0]!.replace('{t}', 't_one'));
      await interactive(QUERIES[0]!.replace('{t}', 't_many'));
      // Only the staged plan's query made (and removed) a directory.
      await vi.waitFor(() => expect(new Set(made).size).toBe(1));
    } finally {
      watcher.close();
    }
    expect(readdirSync(scratch)).toEqual([]);
  });

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

/**
 * A segment of at least 2^19 rows is read in two row ranges, one per pool thread, when the keys are
 * columns and every aggregate combines exactly (COUNT; SUM, MIN, MAX as LONG). A third task combines
 * the parts' groups, or, when the key columns hold too many values to combine cheaply (1,024
 * groups), the first part reads every row and finishes alone. The rows must be those of the staged
 * plan, in the same order.
 */
describe('a GROUP BY over a large segment is read in parts by every pool thread', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'silt-row-parts-'));
  const ROWS = 600_000;
  let silt: Silt;
  beforeAll(async () => {
    const file = join(dataDir, 'rows.json');
    const channels = ['#en', '#fr', null, '#de', '#en', '#ja', '#en', '#fr', '#it'];
    const lines: string[] = [];
    for (let r = 0; r < ROWS; r++) {
      // Four channels of 100 rows each: one in the first half, three first seen in the second half in
      // descending key order.
      const late = r >= ROWS / 2 && r % 1000 === 0;
      const channel = late ? `#late${2 - ((r / 1000) % 3)}` : r % 3000 === 500 && r < ROWS / 2 ? '#early' : channels[r % channels.length];
      const time = new Date(Date.UTC(2015, 8, 12) + Math.floor((r / ROWS) * 86_400_000)).toISOString();
      lines.push(JSON.stringify({ time, channel, page: `p${(r * 7919) % 5000}`, added: r % 11 === 0 ? null : (r % 997) - 300 }));
    }
    await writeFile(file, lines.join('\n'));
    silt = await Silt.open({ dataDir: join(dataDir, 'var'), threads: 2 });
    const extern = `TABLE(EXTERN('${JSON.stringify({ type: 'local', files: [file] })}', '{"type":"json"}', '[{"name":"time","type":"string"},{"name":"channel","type":"string"},{"name":"page","type":"string"},{"name":"added","type":"long"}]'))`;
    await ingest(silt, `INSERT INTO big SELECT TIME_PARSE("time") AS __time, channel, page, added FROM ${extern} PARTITIONED BY ALL`);
  }, 120_000);
  afterAll(async () => {
    await silt.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /**
   * Rows of an interactive query, the row ranges its scan tasks read (none: whole), the tasks it
   * ran, and how many tasks handed back partial groups (combined by the stage worker).
   */
  async function interactive(query: string): Promise<{ rows: unknown[][]; parts: unknown[]; tasks: number; combined: number }> {
    const { rows, tasks, outcomes } = await queryWithTasks(silt, query);
    const partialGroups = outcomes.filter((o) => o.output?.frame && !o.finished).length;
    return { rows, parts: tasks.flatMap((t) => (t.kind === 'scanSegment' && t.rows ? [t.rows] : [])), tasks: tasks.length, combined: tasks.some((t) => t.kind === 'scanSegment' && t.rows) ? partialGroups : 0 };
  }
  const asTask = (query: string) => rowsAsTask(silt, query);

  const halves = [
    { start: 0, end: ROWS / 2 },
    { start: ROWS / 2, end: ROWS },
  ];

  for (const query of [
    'SELECT channel, COUNT(*), SUM(added) FROM big GROUP BY 1 ORDER BY 2 DESC LIMIT 10',
    'SELECT channel, MIN(added), MAX(added), COUNT(added) FROM big GROUP BY 1',
    'SELECT channel, COUNT(*) AS n FROM big GROUP BY 1 HAVING COUNT(*) < 100000 ORDER BY n',
    "SELECT channel, COUNT(*) FROM big WHERE channel <> '#en' GROUP BY 1 ORDER BY 2 DESC",
    'SELECT COUNT(*), SUM(added) FROM big',
    // Result columns that are not the partial groups' columns: fewer, more, or other ones.
    'SELECT COUNT(*) FROM big GROUP BY channel',
    'SELECT channel FROM big GROUP BY 1 ORDER BY SUM(added) DESC LIMIT 3',
    "SELECT channel, COUNT(*), 'x' AS tag FROM big GROUP BY 1",
    'SELECT channel, COUNT(*) FROM big GROUP BY 1 HAVING SUM(added) > 0 AND MAX(added) > 600',
    // Time buckets: 24 hours of a one-day segment, alone and under a channel.
    "SELECT TIME_FLOOR(__time, 'PT1H'), COUNT(*), SUM(added) FROM big GROUP BY 1 ORDER BY 1",
    "SELECT channel, TIME_FLOOR(__time, 'PT1H') AS h, MAX(added) FROM big WHERE channel <> '#en' GROUP BY 1, 2 ORDER BY 3 DESC, 2, 1 LIMIT 20",
  ]) {
    it(`${query}: two halves, whose partial groups are combined with no further task`, async () => {
      const split = await interactive(query);
      expect(split.parts).toEqual(halves);
      expect(split.combined).toBe(2);
      expect(split.tasks).toBe(2);
      expect(split.rows.length).toBeGreaterThan(0);
      expect(split.rows).toEqual(await asTask(query));
    });
  }

  for (const query of [
    // 5,000 pages, 1,440 minutes: too many groups to combine from parts.
    "SELECT page, COUNT(*) FROM big WHERE channel = '#fr' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5",
    'SELECT page, SUM(added) FROM big GROUP BY 1 ORDER BY 2 DESC LIMIT 3',
    "SELECT TIME_FLOOR(__time, 'PT1M'), COUNT(*) FROM big GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5",
  ]) {
    it(`${query}: the first half's task reads every row and finishes`, async () => {
      const split = await interactive(query);
      expect(split.parts).toEqual(halves);
      expect(split.combined).toBe(0);
      expect(split.rows.length).toBeGreaterThan(0);
      expect(split.rows).toEqual(await asTask(query));
    });
  }

  it('keeps groups in the order rows first show them: ties under ORDER BY come in that order', async () => {
    const query = 'SELECT channel, COUNT(*) FROM big GROUP BY 1 ORDER BY 2 LIMIT 4';
    const { rows, parts } = await interactive(query);
    expect(parts).toEqual(halves);
    expect(rows).toEqual([
      ['#early', 100],
      ['#late2', 100],
      ['#late1', 100],
      ['#late0', 100],
    ]);
    expect(rows).toEqual(await asTask(query));
  });

  for (const query of [
    // A DOUBLE sum added in two halves is not the sum in row order; DISTINCT does not combine by
    // addition; months are not of one length, so how many a segment spans is not known from its range.
    'SELECT channel, SUM(added * 0.5) FROM big GROUP BY 1',
    'SELECT channel, COUNT(DISTINCT page) FROM big GROUP BY 1',
    "SELECT TIME_FLOOR(__time, 'P1M'), COUNT(*), SUM(added) FROM big GROUP BY 1 ORDER BY 1",
  ]) {
    it(`${query}: read whole by one task`, async () => {
      const whole = await interactive(query);
      expect(whole).toMatchObject({ parts: [], tasks: 1, combined: 0 });
      expect(whole.rows).toEqual(await asTask(query));
    });
  }
});
