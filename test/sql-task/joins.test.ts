import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataset, useServer } from '../support/server.ts';

const data = dataset('druid-processing-test/data.json');
const countries = dataset('druid-processing-test/countries.json');
const batch = dataset('druid-batch-index/json/wikipedia_index_data1.json');
const exportDir = mkdtempSync(join(tmpdir(), 'silt-export-'));

const local = (path: string) => `'{"type":"local","files":["${path}"]}', '{"type":"json"}'`;
const WITH = () => `WITH
  d AS (SELECT * FROM TABLE(EXTERN(${local(data.path)})) EXTEND ("time" VARCHAR, "channel" VARCHAR, "countryIsoCode" VARCHAR, "page" VARCHAR, "delta" BIGINT)),
  c AS (SELECT * FROM TABLE(EXTERN(${local(countries.path)})) EXTEND ("countryIsoCode" VARCHAR, "countryName" VARCHAR))`;

describe.skipIf(!data.present || !countries.present)("joins, subqueries and UNNEST on Druid's join fixtures", () => {
  const druid = useServer({ env: { SILT_EXPORT_DIR: exportDir } });

  it('INNER JOIN (broadcast) then GROUP BY', async () => {
    const q = `${WITH()} SELECT c.countryName, COUNT(*) AS cnt FROM d INNER JOIN c ON d.countryIsoCode = c.countryIsoCode GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3`;
    expect(await druid().sql(q)).toEqual([['United States', 5], ['Canada', 3], ['Italy', 2]]);
  });

  it('the same join with sqlJoinAlgorithm sortMerge gives the same rows', async () => {
    const q = `${WITH()} SELECT c.countryName, COUNT(*) AS cnt FROM d INNER JOIN c ON d.countryIsoCode = c.countryIsoCode GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 3`;
    expect(await druid().sql(q, { context: { sqlJoinAlgorithm: 'sortMerge', maxNumTasks: 3 } })).toEqual([['United States', 5], ['Canada', 3], ['Italy', 2]]);
  });

  it('LEFT JOIN keeps every left row, with nulls where nothing matched', async () => {
    const q = `${WITH()} SELECT COUNT(*), COUNT(c.countryName), SUM(CASE WHEN c.countryName IS NULL THEN 1 ELSE 0 END) FROM d LEFT JOIN c ON d.countryIsoCode = c.countryIsoCode`;
    expect(await druid().sql(q)).toEqual([[29, 23, 6]]);
  });

  it('RIGHT JOIN finds the countries without edits', async () => {
    const q = `${WITH()} SELECT c.countryIsoCode FROM d RIGHT JOIN c ON d.countryIsoCode = c.countryIsoCode WHERE d.page IS NULL ORDER BY 1`;
    expect(await druid().sql(q)).toEqual([['AX'], ['USCA']]);
  });

  it('GROUP BY over a GROUP BY subquery', async () => {
    const q = `${WITH()} SELECT cnt, COUNT(*) AS channels FROM (SELECT channel, COUNT(*) AS cnt FROM d GROUP BY channel) GROUP BY cnt ORDER BY cnt`;
    const rows = await druid().sql(q);
    expect(rows.reduce((n, r) => n + (r[0] as number) * (r[1] as number), 0)).toBe(29);
  });

  it('INSERT from a join, then read it back', async () => {
    const { status } = await druid().run(
      `INSERT INTO edits_by_country ${WITH()} SELECT TIME_PARSE(d."time") AS __time, d.page, c.countryName FROM d INNER JOIN c ON d.countryIsoCode = c.countryIsoCode PARTITIONED BY DAY`,
    );
    expect(status.status).toBe('SUCCESS');
    expect(await druid().sql(`SELECT COUNT(*) FROM edits_by_country WHERE countryName = 'Canada'`)).toEqual([[3]]);
  });

  it('INSERT with LIMIT under PARTITIONED BY ALL', async () => {
    const { status } = await druid().run(`INSERT INTO limited ${WITH()} SELECT TIME_PARSE("time") AS __time, page FROM d LIMIT 5 PARTITIONED BY ALL`);
    expect(status.status).toBe('SUCCESS');
    expect(await druid().sql('SELECT COUNT(*) FROM limited')).toEqual([[5]]);
  });

  it.skipIf(!batch.present)('UNNEST a multi-value column', async () => {
    const q = `SELECT tag, COUNT(*) FROM TABLE(EXTERN(${local(batch.path)})) EXTEND ("page" VARCHAR, "tags" VARCHAR ARRAY) CROSS JOIN UNNEST("tags") AS u(tag) GROUP BY 1 ORDER BY 1`;
    expect(await druid().sql(q)).toEqual([['t1', 2], ['t2', 2], ['t3', 1], ['t4', 1], ['t5', 1]]);
  });

  it('exports query results as CSV files', async () => {
    const out = join(exportDir, 'by-channel');
    const { taskId, status } = await druid().run(`INSERT INTO EXTERN(local(exportPath => '${out}')) AS CSV ${WITH()} SELECT * FROM (SELECT channel, COUNT(*) AS cnt FROM d GROUP BY 1 ORDER BY 2 DESC LIMIT 2)`);
    expect(status.status).toBe('SUCCESS');
    const files = readdirSync(out);
    expect(files).toEqual([`${taskId}-worker0-partition0.csv`]);
    expect(readFileSync(join(out, files[0]!), 'utf8')).toBe('channel,cnt\n#en.wikipedia,14\n#es.wikipedia,4\n');
  });

  it('refuses an export outside the export base directory', async () => {
    const res = await druid().post('/druid/v2/sql/task', { query: `INSERT INTO EXTERN(local(exportPath => '/tmp/not-allowed')) AS CSV SELECT 1 AS x` });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toMatch(/must be within the export base directory/);
    expect(existsSync('/tmp/not-allowed')).toBe(false);
  });

  it('EXPLAIN PLAN FOR returns the stages, their processors and shuffles', async () => {
    const q = `EXPLAIN PLAN FOR ${WITH()} SELECT c.countryName, COUNT(*) FROM d JOIN c ON d.countryIsoCode = c.countryIsoCode GROUP BY 1`;
    const [[planJson, resources, attributes]] = (await druid().sql(q)) as string[][];
    const plan = JSON.parse(planJson!);
    expect(plan.map((s: any) => s.processor)).toEqual(['scan', 'scan', 'groupByPostShuffle', 'results']);
    expect(plan[1].broadcast).toEqual([1]);
    expect(plan[1].shuffleSpec).toMatchObject({ type: 'hash', columns: ['d0'] });
    expect(JSON.parse(resources!)).toEqual([]);
    expect(JSON.parse(attributes!)).toEqual({ statementType: 'SELECT' });
    const viaTask = await druid().post('/druid/v2/sql/task', { query: q });
    expect(viaTask.status).toBe(200);
    expect(JSON.parse(viaTask.body[0].PLAN)).toEqual(plan);
  });
});
