import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { gatedHttpServer } from '../support/gated-http-server.ts';
import { DATASETS, dataset, useServer } from '../support/server.ts';

const wikiticker = dataset('wikiticker-2015-09-12-sampled.json.gz');
const tiny = dataset('druid-batch-index/json/wikipedia_index_data1.json');
const TINY_DIR = `${DATASETS}/druid-batch-index/json`;

/** Druid's integration-test spec (wikipedia_index_task.json), on the local tiny-wiki files. */
function tinyWikiSpec(dataSource: string, partitionsSpec: object | null, extra: { type?: string; filter?: string; appendToExisting?: boolean; dropExisting?: boolean; intervals?: string[]; forceGuaranteedRollup?: boolean; maxRowsPerSegment?: number } = {}) {
  const type = extra.type ?? 'index_parallel';
  return {
    type,
    spec: {
      dataSchema: {
        dataSource,
        timestampSpec: { column: 'timestamp' },
        dimensionsSpec: { dimensions: ['page', { type: 'string', name: 'language', createBitmapIndex: false }, 'user', 'unpatrolled', 'newPage', 'robot', 'anonymous', 'namespace', 'continent', 'country', 'region', 'city'] },
        metricsSpec: [
          { type: 'count', name: 'count' },
          { type: 'doubleSum', name: 'added', fieldName: 'added' },
          { type: 'doubleSum', name: 'deleted', fieldName: 'deleted' },
          { type: 'doubleSum', name: 'delta', fieldName: 'delta' },
        ],
        granularitySpec: { segmentGranularity: 'DAY', queryGranularity: 'second', intervals: extra.intervals ?? ['2013-08-31/2013-09-02'] },
      },
      ioConfig: {
        type,
        inputSource: { type: 'local', baseDir: TINY_DIR, filter: extra.filter ?? 'wikipedia_index_data*' },
        inputFormat: { type: 'json' },
        appendToExisting: extra.appendToExisting ?? false,
        ...(extra.dropExisting ? { dropExisting: true } : {}),
      },
      tuningConfig: {
        type,
        ...(type === 'index_parallel' ? { maxNumConcurrentSubTasks: 2 } : {}),
        ...(partitionsSpec ? { partitionsSpec } : {}),
        ...(extra.forceGuaranteedRollup ? { forceGuaranteedRollup: true } : {}),
        ...(extra.maxRowsPerSegment ? { maxRowsPerSegment: extra.maxRowsPerSegment } : {}),
      },
    },
  };
}

describe.skipIf(!tiny.present || !wikiticker.present)('native batch ingestion (index / index_parallel)', () => {
  const druid = useServer();

  async function submit(spec: object): Promise<{ task: string; status: any }> {
    const res = await druid().post('/druid/indexer/v1/task', spec);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const task = res.body.task as string;
    return { task, status: await druid().waitFor(task) };
  }

  async function expectTinyWiki(ds: string) {
    expect(await druid().sql(`SELECT COUNT(*), SUM("count"), MIN(__time), MAX(__time) FROM "${ds}"`)).toEqual([[10, 10, '2013-08-31T01:02:33.000Z', '2013-09-01T12:41:27.000Z']]);
    expect(await druid().sql(`SELECT SUM(added) FROM "${ds}" WHERE page = 'Crimson Typhoon' AND __time < TIMESTAMP '2013-09-01 00:00:00'`)).toEqual([[905]]);
  }

  const shardSpecs = (ds: string) => druid().sql(`SELECT "start", shard_spec FROM sys.segments WHERE datasource = '${ds}' AND num_rows > 0 ORDER BY "start", partition_num`);

  it("loads the tutorial's wikiticker data: 39,244 rows, 17,106,256 bytes", async () => {
    const spec = {
      type: 'index_parallel',
      spec: {
        dataSchema: {
          dataSource: 'wikipedia',
          timestampSpec: { column: 'time', format: 'iso' },
          dimensionsSpec: { dimensions: ['channel', 'cityName', 'comment', 'countryIsoCode', 'countryName', 'isAnonymous', 'isMinor', 'isNew', 'isRobot', 'isUnpatrolled', 'metroCode', 'namespace', 'page', 'regionIsoCode', 'regionName', 'user', { name: 'added', type: 'long' }, { name: 'deleted', type: 'long' }, { name: 'delta', type: 'long' }] },
          metricsSpec: [],
          granularitySpec: { segmentGranularity: 'day', queryGranularity: 'none', intervals: ['2015-09-12/2015-09-13'], rollup: false },
        },
        ioConfig: { type: 'index_parallel', inputSource: { type: 'local', baseDir: DATASETS, filter: 'wikiticker-2015-09-12-sampled.json.gz' }, inputFormat: { type: 'json' }, appendToExisting: false },
        tuningConfig: { type: 'index_parallel', maxRowsPerSegment: 5000000, maxRowsInMemory: 25000 },
      },
    };
    const { task, status } = await submit(spec);
    expect(status).toMatchObject({ status: 'SUCCESS', type: 'index_parallel', dataSource: 'wikipedia' });
    const report = (await druid().report(task)).ingestionStatsAndErrors;
    expect(report).toMatchObject({ type: 'ingestionStatsAndErrors', taskId: task, payload: { ingestionState: 'COMPLETED', errorMsg: null } });
    // Dynamic partitioning has no determinePartitions phase in the parallel supervisor's report.
    expect(report.payload.rowStats).toEqual({ buildSegments: { processed: 39244, processedBytes: 17106256, processedWithError: 0, thrownAway: 0, unparseable: 0 } });
    expect(await druid().sql('SELECT COUNT(*) FROM wikipedia')).toEqual([[39244]]);
    const payload = (await druid().get(`/druid/indexer/v1/task/${task}`)).body;
    expect(payload).toMatchObject({ task, payload: { type: 'index_parallel', id: task, dataSource: 'wikipedia', spec: { dataSchema: { dataSource: 'wikipedia' } } } });
  });

  it('dynamic partitioning: 10 rows, the documented times and Crimson Typhoon', async () => {
    expect((await submit(tinyWikiSpec('wiki_dynamic', { type: 'dynamic' }))).status.status).toBe('SUCCESS');
    await expectTinyWiki('wiki_dynamic');
    for (const [, spec] of await shardSpecs('wiki_dynamic')) expect(JSON.parse(spec as string).type).toBe('numbered');
  });

  it('hashed partitioning with numShards 2 writes hashed shard specs', async () => {
    expect((await submit(tinyWikiSpec('wiki_hashed', { type: 'hashed', numShards: 2 }, { forceGuaranteedRollup: true }))).status.status).toBe('SUCCESS');
    await expectTinyWiki('wiki_hashed');
    const specs = (await shardSpecs('wiki_hashed')).map(([, s]) => JSON.parse(s as string));
    for (const s of specs) expect(s).toMatchObject({ type: 'hashed', numBuckets: 2, partitionFunction: 'murmur3_32_abs' });
  });

  it('single_dim partitioning on namespace with target 2 writes single shard specs with contiguous ranges', async () => {
    const { task, status } = await submit(tinyWikiSpec('wiki_single', { type: 'single_dim', partitionDimension: 'namespace', targetRowsPerSegment: 2 }, { forceGuaranteedRollup: true }));
    expect(status.status).toBe('SUCCESS');
    await expectTinyWiki('wiki_single');
    // The partial_dimension_distribution pass reports its own phase.
    const rowStats = (await druid().report(task)).ingestionStatsAndErrors.payload.rowStats;
    expect(Object.keys(rowStats).sort()).toEqual(['buildSegments', 'determinePartitions']);
    expect(rowStats.determinePartitions).toMatchObject({ processed: 10, unparseable: 0, thrownAway: 0 });
    const specs = (await shardSpecs('wiki_single')).map(([chunk, s]) => ({ chunk, spec: JSON.parse(s as string) }));
    for (const chunk of new Set(specs.map((s) => s.chunk))) {
      const inChunk = specs.filter((s) => s.chunk === chunk).map((s) => s.spec);
      for (const s of inChunk) expect(s).toMatchObject({ type: 'single', dimension: 'namespace', numCorePartitions: inChunk.length });
      expect(inChunk[0].start).toBeNull();
      expect(inChunk.at(-1).end).toBeNull();
      for (let i = 1; i < inChunk.length; i++) expect(inChunk[i].start).toBe(inChunk[i - 1].end);
    }
    expect(specs.length).toBeGreaterThan(2);
  });

  it('range partitioning writes range shard specs', async () => {
    const { status } = await submit(tinyWikiSpec('wiki_range', { type: 'range', partitionDimensions: ['namespace', 'page'], targetRowsPerSegment: 2 }, { forceGuaranteedRollup: true }));
    expect(status.status).toBe('SUCCESS');
    await expectTinyWiki('wiki_range');
    for (const [, s] of await shardSpecs('wiki_range')) expect(JSON.parse(s as string)).toMatchObject({ type: 'range', dimensions: ['namespace', 'page'] });
  });

  it('the index task with maxRowsPerSegment 3 makes 4 segments', async () => {
    const { status } = await submit(tinyWikiSpec('wiki_index', null, { type: 'index', maxRowsPerSegment: 3 }));
    expect(status).toMatchObject({ status: 'SUCCESS', type: 'index' });
    await expectTinyWiki('wiki_index');
    expect(await shardSpecs('wiki_index')).toHaveLength(4);
  });

  it('appendToExisting adds rows; re-indexing one file replaces both of its day chunks', async () => {
    expect((await submit(tinyWikiSpec('wiki_append', { type: 'dynamic' }))).status.status).toBe('SUCCESS');
    expect((await submit(tinyWikiSpec('wiki_append', { type: 'dynamic' }, { filter: 'wikipedia_combining_index_data.json', appendToExisting: true }))).status.status).toBe('SUCCESS');
    expect(await druid().sql('SELECT COUNT(*) FROM wiki_append')).toEqual([[13]]);
    expect((await submit(tinyWikiSpec('wiki_append', { type: 'dynamic' }, { filter: 'wikipedia_index_data2.json' }))).status.status).toBe('SUCCESS');
    expect(await druid().sql('SELECT COUNT(*) FROM wiki_append')).toEqual([[3]]);
  });

  it('dropExisting leaves tombstones where the intervals get no rows', async () => {
    expect((await submit(tinyWikiSpec('wiki_drop', { type: 'dynamic' }))).status.status).toBe('SUCCESS');
    const { status } = await submit(tinyWikiSpec('wiki_drop', { type: 'dynamic' }, { filter: 'wikipedia_index_data1.json', dropExisting: true }));
    expect(status.status).toBe('SUCCESS');
    expect(await druid().sql('SELECT COUNT(*) FROM wiki_drop')).toEqual([[3]]);
    const tombstones = await druid().sql(`SELECT "start" FROM sys.segments WHERE datasource = 'wiki_drop' AND num_rows = 0 AND is_overshadowed = 0`);
    expect(tombstones).toEqual([['2013-09-01T00:00:00.000Z']]);
  });

  it('refuses a bad spec with 400 naming the field, and creates nothing', async () => {
    const bad = tinyWikiSpec('wiki_bad', { type: 'dynamic' }) as any;
    bad.spec.dataSchema.granularitySpec.segmentGranularity = 'DAYZ';
    const res = await druid().post('/druid/indexer/v1/task', bad);
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toMatch(/segmentGranularity/);
    const combo = await druid().post('/druid/indexer/v1/task', tinyWikiSpec('wiki_bad', { type: 'hashed', numShards: 2 }, { forceGuaranteedRollup: true, appendToExisting: true }));
    expect(combo.status).toBe(400);
    expect((await druid().get('/druid/indexer/v1/tasks?datasource=wiki_bad')).body).toEqual([]);
  });

  it('answers the supervisor chat endpoints while a parallel job runs', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => JSON.stringify({ timestamp: `2013-08-31T0${i % 10}:00:00Z`, page: `p${i}`, added: i })).join('\n') + '\n';
    const http = await gatedHttpServer(rows, rows);
    try {
      const spec = tinyWikiSpec('wiki_chat', { type: 'dynamic' }) as any;
      spec.spec.ioConfig.inputSource = { type: 'http', uris: [http.url] };
      const res = await druid().post('/druid/indexer/v1/task', spec);
      const task = res.body.task as string;
      await http.firstPartSent;
      const chat = (path: string) => druid().get(`/druid/worker/v1/chat/${task}/${path}`);
      expect((await chat('mode')).body).toBe('parallel');
      expect((await chat('phase')).body).toBe('single_phase_sub_task');
      expect((await chat('progress')).body).toMatchObject({ running: 1, succeeded: 0, failed: 0, total: 1 });
      const specs = (await chat('subtaskspecs')).body;
      expect(specs).toHaveLength(1);
      expect((await chat(`subtaskspec/${specs[0].id}/state`)).body).toMatchObject({ spec: { id: specs[0].id, supervisorTaskId: task }, currentStatus: { status: 'RUNNING' } });
      const [running] = (await chat('subtasks/running')).body;
      expect(running).toMatch(/^single_phase_sub_task_wiki_chat_/);
      expect((await chat('nope')).status).toBe(404);
      // The subtask is a task of its own: listed with the supervisor as its group, with a status.
      const listed = (await druid().get('/druid/indexer/v1/tasks?state=running&datasource=wiki_chat')).body;
      expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ id: running, groupId: task, type: 'single_phase_sub_task', status: 'RUNNING' })]));
      expect((await druid().get(`/druid/indexer/v1/task/${running}/status`)).body.status).toMatchObject({ id: running, status: 'RUNNING', groupId: task });
      http.release();
      expect((await druid().waitFor(task)).status).toBe('SUCCESS');
      expect((await chat('mode')).status).toBe(404);
      const done = (await druid().get('/druid/indexer/v1/tasks?state=complete&datasource=wiki_chat')).body;
      expect(done.map((t: any) => [t.id, t.type, t.status]).sort()).toEqual([
        [running, 'single_phase_sub_task', 'SUCCESS'],
        [task, 'index_parallel', 'SUCCESS'],
      ].sort());
      expect(await druid().sql(`SELECT task_id, type, group_id, status FROM sys.tasks WHERE task_id = '${running}'`)).toEqual([[running, 'single_phase_sub_task', task, 'SUCCESS']]);
    } finally {
      await http.close();
    }
  });

  it("reports Druid's partial_dimension_distribution phase while a range job determines its partitions", async () => {
    const rows = Array.from({ length: 50 }, (_, i) => JSON.stringify({ timestamp: `2013-08-31T0${i % 10}:00:00Z`, page: `p${i}`, namespace: `n${i % 3}` })).join('\n') + '\n';
    const http = await gatedHttpServer(rows, rows);
    try {
      const spec = tinyWikiSpec('wiki_phase', { type: 'single_dim', partitionDimension: 'namespace', targetRowsPerSegment: 20 }, { forceGuaranteedRollup: true }) as any;
      spec.spec.ioConfig.inputSource = { type: 'http', uris: [http.url] };
      const task = (await druid().post('/druid/indexer/v1/task', spec)).body.task as string;
      await http.firstPartSent;
      expect((await druid().get(`/druid/worker/v1/chat/${task}/phase`)).body).toBe('partial_dimension_distribution');
      expect((await druid().report(task)).ingestionStatsAndErrors.payload.ingestionState).toBe('DETERMINE_PARTITIONS');
      http.release();
      expect((await druid().waitFor(task)).status).toBe('SUCCESS');
      expect((await druid().report(task)).ingestionStatsAndErrors.payload.ingestionState).toBe('COMPLETED');
    } finally {
      await http.close();
    }
  });

  it('counts thrown-away and unparseable rows in rowStats', async () => {
    const spec = tinyWikiSpec('wiki_stats', { type: 'dynamic' }, { intervals: ['2013-08-31/2013-09-01'] }) as any;
    spec.spec.dataSchema.transformSpec = { filter: { type: 'not', field: { type: 'selector', dimension: 'page', value: 'Gypsy Danger' } } };
    const { task, status } = await submit(spec);
    expect(status.status).toBe('SUCCESS');
    const stats = (await druid().report(task)).ingestionStatsAndErrors.payload.rowStats.buildSegments;
    // 10 rows: 5 outside the interval, and one Gypsy Danger on 2013-08-31 filtered out.
    expect(stats).toMatchObject({ processed: 4, thrownAway: 6, unparseable: 0 });
  });

  it.each([
    ['single_dim', { type: 'single_dim', partitionDimension: 'page', targetRowsPerSegment: 2 }],
    ['range', { type: 'range', partitionDimensions: ['page', 'user'], targetRowsPerSegment: 2 }],
  ])('fails a %s job with a multi-value value in a partition dimension, publishing nothing', async (name, partitionsSpec) => {
    const ds = `wiki_mv_${name}`;
    const spec = tinyWikiSpec(ds, partitionsSpec, { forceGuaranteedRollup: true }) as any;
    const rows = [
      { timestamp: '2013-08-31T01:02:33Z', page: 'Gypsy Danger', user: 'nuclear' },
      { timestamp: '2013-08-31T03:32:45Z', page: ['Striker Eureka', 'Cherno Alpha'], user: 'speed' },
    ];
    spec.spec.ioConfig.inputSource = { type: 'inline', data: rows.map((r) => JSON.stringify(r)).join('\n') };
    const { status } = await submit(spec);
    expect(status.status).toBe('FAILED');
    expect(status.errorMsg).toMatch(/^Cannot partition on multi-value dimension \[page\] for input row \[/);
    expect(await druid().sql(`SELECT COUNT(*) FROM sys.segments WHERE datasource = '${ds}'`)).toEqual([[0]]);
  });

  it('retries a failed subtask (maxRetry): the input fails more often than the reader retries, then recovers', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => JSON.stringify({ timestamp: `2013-08-31T0${i % 10}:00:00Z`, page: `p${i}` })).join('\n') + '\n';
    let requests = 0;
    const server = createServer((req, res) => {
      if (req.method === 'HEAD') return res.writeHead(200).end();
      requests++;
      if (requests <= 4) return res.writeHead(500).end('try again');
      res.writeHead(200, { 'content-type': 'application/json' }).end(rows);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const spec = tinyWikiSpec('wiki_retry', { type: 'dynamic' }) as any;
      spec.spec.ioConfig.inputSource = { type: 'http', uris: [`http://127.0.0.1:${(server.address() as { port: number }).port}/rows.json`] };
      spec.spec.tuningConfig.maxRetry = 2;
      const { status } = await submit(spec);
      expect(status.status).toBe('SUCCESS');
      expect(requests).toBe(5);
      // Each attempt is a subtask of its own: the failed one and the one that succeeded.
      const subtasks = (await druid().get('/druid/indexer/v1/tasks?datasource=wiki_retry')).body.filter((t: any) => t.groupId === status.id && t.id !== status.id);
      expect(subtasks.map((t: any) => t.status).sort()).toEqual(['FAILED', 'SUCCESS']);
      expect(subtasks.find((t: any) => t.status === 'FAILED').errorMsg).toBeTruthy();
      expect(await druid().sql('SELECT COUNT(*) FROM wiki_retry')).toEqual([[20]]);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
