import { describe, expect, it } from 'vitest';
import { chain, find, planIngest, render, shape, signatureOf, WIKIPEDIA_EXTERN } from './fixtures.ts';

describe('INSERT', () => {
  it('plans the Druid docs example: TIME_PARSE(...) AS __time, * from EXTERN, PARTITIONED BY DAY', () => {
    const planned = planIngest(`INSERT INTO wikipedia SELECT TIME_PARSE("timestamp") AS __time, * FROM ${WIKIPEDIA_EXTERN} PARTITIONED BY DAY`);
    expect(planned.kind).toBe('insert');
    expect(planned.dataSource).toBe('wikipedia');
    expect(planned.segmentGranularity).toEqual({ type: 'period', period: 'P1D', name: 'DAY' });
    expect(planned.replaceTimeChunks).toBeNull();
    expect(planned.clusteredBy).toEqual([]);
    expect(shape(planned.plan)).toEqual(['project', 'externalScan']);
    expect(signatureOf(planned.plan)).toEqual([
      '__time:LONG',
      'added:LONG',
      'channel:STRING',
      'cityName:STRING',
      'comment:STRING',
      'delta:LONG',
      'page:STRING',
      'timestamp:STRING',
      'user:STRING',
    ]);
    const project = find(planned.plan, 'project');
    expect(render(project.columns[0]!.expr)).toBe('TIME_PARSE($timestamp)');
    const scan = find(planned.plan, 'externalScan');
    expect(scan.inputSource).toEqual({ type: 'http', uris: ['https://druid.apache.org/data/wikipedia.json.gz'] });
    expect(scan.inputFormat).toEqual({ type: 'json' });
    expect(scan.signature[0]).toEqual({ name: 'added', type: 'LONG' });
    expect(Object.isFrozen(planned.plan)).toBe(true);
  });

  it('plans the rollup tutorial: GROUP BY ordinals into an aggregate under the final projection', () => {
    const extern =
      `TABLE(EXTERN('{"type":"inline","data":"{}"}', '{"type":"json"}', '[{"name":"timestamp","type":"string"},` +
      `{"name":"srcIP","type":"string"},{"name":"dstIP","type":"string"},{"name":"packets","type":"long"},{"name":"bytes","type":"long"}]'))`;
    const planned = planIngest(
      `INSERT INTO rollup_tutorial SELECT TIME_FLOOR(TIME_PARSE("timestamp"), 'PT1M') AS __time, srcIP, dstIP, ` +
        `SUM(bytes) AS bytes, SUM(packets) AS packets, COUNT(*) AS "count" FROM ${extern} GROUP BY 1, 2, 3 PARTITIONED BY DAY`,
    );
    expect(shape(planned.plan)).toEqual(['project', 'aggregate', 'externalScan']);
    expect(signatureOf(planned.plan)).toEqual(['__time:LONG', 'srcIP:STRING', 'dstIP:STRING', 'bytes:LONG', 'packets:LONG', 'count:LONG']);
    const aggregate = find(planned.plan, 'aggregate');
    expect(aggregate.groupBy.map((g) => render(g.expr))).toEqual(["TIME_FLOOR(TIME_PARSE($timestamp), \"PT1M\")", '$srcIP', '$dstIP']);
    expect(aggregate.aggregates.map((a) => `${a.call.fn}(${a.call.args.map(render).join(', ')}):${a.call.type}`)).toEqual([
      'SUM($bytes):LONG',
      'SUM($packets):LONG',
      'COUNT():LONG',
    ]);
    const project = find(planned.plan, 'project');
    expect(project.columns.map((c) => `${c.name}=${render(c.expr)}`)).toEqual([
      '__time=$d0',
      'srcIP=$d1',
      'dstIP=$d2',
      'bytes=$a0',
      'packets=$a1',
      'count=$a2',
    ]);
  });

  it('reads a datasource by plain, quoted and druid-qualified name', () => {
    for (const from of ['wikipedia', '"wikipedia"', 'druid.wikipedia']) {
      const planned = planIngest(`INSERT INTO dst SELECT __time, page FROM ${from} PARTITIONED BY HOUR`);
      const scan = find(planned.plan, 'tableScan');
      expect(scan.dataSource).toBe('wikipedia');
      expect(planned.dataSource).toBe('dst');
    }
    expect(planIngest(`INSERT INTO "my table" SELECT __time FROM kttm PARTITIONED BY ALL`).dataSource).toBe('my table');
  });

  it('accepts every documented PARTITIONED BY form', () => {
    const cases: [string, unknown][] = [
      ['ALL', { type: 'all' }],
      ['ALL TIME', { type: 'all' }],
      ['SECOND', { type: 'period', period: 'PT1S', name: 'SECOND' }],
      ['MINUTE', { type: 'period', period: 'PT1M', name: 'MINUTE' }],
      ['FIVE_MINUTE', { type: 'period', period: 'PT5M', name: 'FIVE_MINUTE' }],
      ['HOUR', { type: 'period', period: 'PT1H', name: 'HOUR' }],
      ['SIX_HOUR', { type: 'period', period: 'PT6H', name: 'SIX_HOUR' }],
      ['WEEK', { type: 'period', period: 'P1W', name: 'WEEK' }],
      ['MONTH', { type: 'period', period: 'P1M', name: 'MONTH' }],
      ['QUARTER', { type: 'period', period: 'P3M', name: 'QUARTER' }],
      ['YEAR', { type: 'period', period: 'P1Y', name: 'YEAR' }],
      ["'P1D'", { type: 'period', period: 'P1D', name: 'DAY' }],
      ["'PT1H'", { type: 'period', period: 'PT1H', name: 'HOUR' }],
      ["TIME_FLOOR(__time, 'PT1H')", { type: 'period', period: 'PT1H', name: 'HOUR' }],
      ['FLOOR(__time TO HOUR)', { type: 'period', period: 'PT1H', name: 'HOUR' }],
      ['FLOOR(__time TO MONTH)', { type: 'period', period: 'P1M', name: 'MONTH' }],
    ];
    for (const [clause, granularity] of cases) {
      const planned = planIngest(`INSERT INTO dst SELECT __time, page FROM wikipedia PARTITIONED BY ${clause}`);
      expect(planned.segmentGranularity, clause).toEqual(granularity);
    }
  });

  it('resolves CLUSTERED BY names, ordinals and select expressions to output columns', () => {
    const planned = planIngest(
      'INSERT INTO dst SELECT __time, FLOOR(ratio) AS floor_ratio, page, CEIL(weight) AS ceil_weight FROM wikipedia ' +
        'PARTITIONED BY FLOOR(__time TO DAY) CLUSTERED BY 2, page ASC, CEIL(weight)',
    );
    expect(planned.clusteredBy).toEqual(['floor_ratio', 'page', 'ceil_weight']);
    expect(signatureOf(planned.plan)).toEqual(['__time:LONG', 'floor_ratio:DOUBLE', 'page:STRING', 'ceil_weight:FLOAT']);
  });

  it('matches CLUSTERED BY expressions of an aggregating SELECT', () => {
    const planned = planIngest(
      'INSERT INTO dst SELECT FLOOR(__time TO HOUR) AS __time, page, COUNT(*) AS cnt FROM wikipedia GROUP BY 1, 2 ' +
        'PARTITIONED BY DAY CLUSTERED BY FLOOR(__time TO HOUR), page',
    );
    expect(planned.clusteredBy).toEqual(['__time', 'page']);
  });

  it('takes the EXTERN signature from an EXTEND clause', () => {
    const planned = planIngest(
      `INSERT INTO dst SELECT TIME_PARSE(ts) AS __time, x, y, tags FROM TABLE(EXTERN('{"type":"inline","data":""}', '{"type":"csv"}')) ` +
        'EXTEND ("ts" VARCHAR, "x" VARCHAR, y BIGINT, tags VARCHAR ARRAY) PARTITIONED BY DAY',
    );
    expect(find(planned.plan, 'externalScan').signature).toEqual([
      { name: 'ts', type: 'STRING' },
      { name: 'x', type: 'STRING' },
      { name: 'y', type: 'LONG' },
      { name: 'tags', type: 'ARRAY<STRING>' },
    ]);
  });

  it('accepts EXTERN arguments by name', () => {
    const planned = planIngest(
      `INSERT INTO dst SELECT x FROM TABLE(EXTERN(inputSource => '{"type":"inline","data":"a"}', inputFormat => '{"type":"csv","columns":["x"]}')) ` +
        'EXTEND (x VARCHAR) PARTITIONED BY ALL',
    );
    const scan = find(planned.plan, 'externalScan');
    expect(scan.inputFormat).toEqual({ type: 'csv', columns: ['x'] });
    expect(scan.signature).toEqual([{ name: 'x', type: 'STRING' }]);
  });

  it('sorts by CLUSTERED BY before the LIMIT (Druid orders the query it runs by them)', () => {
    const planned = planIngest('INSERT INTO dst SELECT __time, page, channel FROM wikipedia LIMIT 5 PARTITIONED BY ALL CLUSTERED BY channel, page');
    expect(shape(planned.plan)).toEqual(['limit', 'sort', 'project', 'tableScan']);
    expect(find(planned.plan, 'sort').keys).toEqual([
      { column: 'channel', descending: false },
      { column: 'page', descending: false },
    ]);
  });

  it('allows LIMIT with PARTITIONED BY ALL and keeps a limit node on top', () => {
    const planned = planIngest('INSERT INTO dst SELECT __time, page FROM wikipedia LIMIT 5 PARTITIONED BY ALL');
    expect(shape(planned.plan)).toEqual(['limit', 'project', 'tableScan']);
    const limit = find(planned.plan, 'limit');
    expect([limit.limit, limit.offset]).toEqual([5, 0]);
  });

  it('inlines WITH clauses placed after INSERT INTO', () => {
    const planned = planIngest(
      'INSERT INTO dst WITH recent AS (SELECT __time, page FROM wikipedia WHERE added > 10) SELECT * FROM recent PARTITIONED BY DAY',
    );
    expect(shape(planned.plan)).toEqual(['project', 'project', 'filter', 'tableScan']);
    expect(signatureOf(planned.plan)).toEqual(['__time:LONG', 'page:STRING']);
    expect(chain(planned.plan).length).toBe(4);
  });
});
