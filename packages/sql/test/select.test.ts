import { ETERNITY } from '@silt/common';
import { describe, expect, it } from 'vitest';
import type { ProjectNode } from '../src/index.ts';
import { chain, find, planSelect, render, shape, signatureOf } from './fixtures.ts';

describe('SELECT', () => {
  it('plans the tutorial top-pages query: filter, aggregate, project, sort, limit', () => {
    const { plan } = planSelect(
      `SELECT page, COUNT(*) AS Edits FROM wikipedia WHERE TIME_IN_INTERVAL("__time", '2015-09-12/2015-09-13') GROUP BY page ORDER BY Edits DESC LIMIT 10`,
    );
    expect(shape(plan)).toEqual(['limit', 'sort', 'project', 'aggregate', 'filter', 'tableScan']);
    expect(signatureOf(plan)).toEqual(['page:STRING', 'Edits:LONG']);
    expect(find(plan, 'sort').keys).toEqual([{ column: 'Edits', descending: true }]);
    expect(find(plan, 'limit')).toMatchObject({ limit: 10, offset: 0 });
    expect(render(find(plan, 'filter').condition)).toBe('TIME_IN_INTERVAL($__time, "2015-09-12/2015-09-13")');
    expect(find(plan, 'tableScan').intervals).toEqual([{ start: Date.UTC(2015, 8, 12), end: Date.UTC(2015, 8, 13) }]);
  });

  it('resolves GROUP BY ordinals and aliases, HAVING on aggregates outside the SELECT list and on aliases', () => {
    const { plan } = planSelect(
      'SELECT channel AS ch, TIME_FLOOR(__time, \'PT1H\') AS hr, SUM(added) AS total FROM wikipedia ' +
        'GROUP BY ch, 2 HAVING COUNT(*) > 5 AND total > 100 ORDER BY 2, total DESC',
    );
    expect(shape(plan)).toEqual(['sort', 'project', 'filter', 'aggregate', 'tableScan']);
    const aggregate = find(plan, 'aggregate');
    expect(aggregate.groupBy.map((g) => `${g.name}=${render(g.expr)}`)).toEqual(['d0=$channel', 'd1=TIME_FLOOR($__time, "PT1H")']);
    expect(aggregate.aggregates.map((a) => `${a.name}=${a.call.fn}`)).toEqual(['a0=SUM', 'a1=COUNT']);
    expect(render(find(plan, 'filter').condition)).toBe('AND(>($a1, 5), >($a0, 100))');
    expect(find(plan, 'sort').keys).toEqual([
      { column: 'hr', descending: false },
      { column: 'total', descending: true },
    ]);
    expect(signatureOf(plan)).toEqual(['ch:STRING', 'hr:LONG', 'total:LONG']);
  });

  it('puts aggregates inside expressions into an aggregate followed by a projection', () => {
    const { plan } = planSelect('SELECT page, SUM(added) / COUNT(*) AS mean, MAX(ratio) * 2 AS m2 FROM wikipedia GROUP BY page');
    expect(shape(plan)).toEqual(['project', 'aggregate', 'tableScan']);
    const project = find(plan, 'project');
    expect(project.columns.map((c) => `${c.name}=${render(c.expr)}:${c.expr.type}`)).toEqual(['page=$d0:STRING', 'mean=/($a0, $a1):LONG', 'm2=*($a2, 2):DOUBLE']);
  });

  it('aggregates the whole input without GROUP BY, sharing identical aggregate calls', () => {
    const { plan } = planSelect('SELECT COUNT(*) AS c, COUNT(*) + 1 AS c1 FROM wikipedia');
    const aggregate = find(plan, 'aggregate');
    expect(aggregate.groupBy).toEqual([]);
    expect(aggregate.aggregates.map((a) => a.name)).toEqual(['a0']);
    expect(find(plan, 'project').columns.map((c) => render(c.expr))).toEqual(['$a0', '+($a0, 1)']);
  });

  it('converts aggregate calls: exact DISTINCT, FILTER, and EARLIEST/LATEST reading __time', () => {
    const { plan } = planSelect(
      "SELECT COUNT(DISTINCT page) AS pages, SUM(added) FILTER (WHERE channel = '#en') AS en, AVG(added) AS a, " +
        'MIN(weight) AS w, ANY_VALUE(user) AS u, EARLIEST(page) AS e, LATEST(page, 128) AS l, LATEST_BY(page, __time) AS lb, SUM(ratio) AS r FROM wikipedia',
      { context: { useApproximateCountDistinct: false } },
    );
    const calls = find(plan, 'aggregate').aggregates.map((a) => a.call);
    expect(calls.map((c) => `${c.fn}${c.distinct ? '[distinct]' : ''}(${c.args.map(render).join(', ')}):${c.type}`)).toEqual([
      'COUNT[distinct]($page):LONG',
      'SUM($added):LONG',
      'AVG($added):DOUBLE',
      'MIN($weight):FLOAT',
      'ANY_VALUE($user):STRING',
      'EARLIEST($page, $__time):STRING',
      'LATEST($page, 128, $__time):STRING',
      'LATEST_BY($page, $__time):STRING',
      'SUM($ratio):DOUBLE',
    ]);
    expect(render(calls[1]!.filter!)).toBe('=($channel, "#en")');
    expect(calls[0]!.filter).toBeNull();
  });

  it('expands * to every input column in order and names unnamed expressions EXPR$n', () => {
    const { plan } = planSelect('SELECT UPPER(session), *, number + 1 FROM kttm');
    expect(signatureOf(plan)).toEqual(['EXPR$0:STRING', '__time:LONG', 'session:STRING', 'number:LONG', 'EXPR$4:LONG']);
  });

  it('renames repeated output names like Calcite', () => {
    const { plan } = planSelect('SELECT session, session, number AS session FROM kttm');
    expect(signatureOf(plan)).toEqual(['session:STRING', 'session0:STRING', 'session1:LONG']);
  });

  it('sorts on ORDER BY expressions outside the SELECT list through a hidden column projected away again', () => {
    const { plan } = planSelect('SELECT page FROM wikipedia ORDER BY added DESC, 1 LIMIT 3 OFFSET 2');
    expect(shape(plan)).toEqual(['project', 'limit', 'sort', 'project', 'tableScan']);
    expect(find(plan, 'sort').keys).toEqual([
      { column: 's0', descending: true },
      { column: 'page', descending: false },
    ]);
    expect(find(plan, 'limit')).toMatchObject({ limit: 3, offset: 2 });
    expect(signatureOf(plan)).toEqual(['page:STRING']);
  });

  it('orders by an output alias inside an expression', () => {
    const { plan } = planSelect('SELECT page AS p FROM wikipedia ORDER BY LENGTH(p)');
    expect(shape(plan)).toEqual(['project', 'sort', 'project', 'tableScan']);
    const inner = chain(plan)[2] as ProjectNode;
    expect(inner.columns.map((c) => render(c.expr))).toEqual(['$page', 'LENGTH($page)']);
  });

  it('groups SELECT DISTINCT by its whole list', () => {
    const { plan } = planSelect('SELECT DISTINCT channel, page FROM wikipedia');
    const aggregate = find(plan, 'aggregate');
    expect(aggregate.groupBy.map((g) => render(g.expr))).toEqual(['$channel', '$page']);
    expect(aggregate.aggregates).toEqual([]);
  });

  it('inlines CTEs (with column lists), resolving qualified columns', () => {
    const { plan } = planSelect(
      'WITH big AS (SELECT page, added FROM wikipedia WHERE added > 100), named (p, a) AS (SELECT * FROM big) SELECT n.p, n.a * 2 AS twice FROM named n',
    );
    expect(shape(plan)).toEqual(['project', 'project', 'project', 'project', 'filter', 'tableScan']);
    expect(signatureOf(plan)).toEqual(['p:STRING', 'twice:LONG']);
    expect(render(find(plan, 'project').columns[1]!.expr)).toBe('*($a, 2)');
  });

  it('reads a subquery in FROM', () => {
    const { plan } = planSelect('SELECT s.c FROM (SELECT channel, COUNT(*) AS c FROM wikipedia GROUP BY channel) AS s WHERE s.c > 10');
    expect(shape(plan)).toEqual(['project', 'filter', 'project', 'aggregate', 'tableScan']);
    expect(find(plan, 'tableScan').intervals).toEqual([ETERNITY]);
  });

  it('renames columns with a FROM alias column list and reads lower-case keywords and comments', () => {
    const { plan } = planSelect('select k.s, k.n * 2 as twice -- doubled\nfrom kttm as k (t, s, n)\nwhere k.n > 1 order by twice desc');
    expect(shape(plan)).toEqual(['sort', 'project', 'filter', 'project', 'tableScan']);
    expect(signatureOf(plan)).toEqual(['s:STRING', 'twice:LONG']);
    expect(render(find(plan, 'filter').condition)).toBe('>($n, 1)');
  });
});

describe('GROUP BY on multi-value strings (groupByEnableMultiValueUnnesting)', () => {
  const multiValueKeys = (query: string, context: Record<string, unknown> = {}) => find(planSelect(query, { context }).plan, 'aggregate').multiValueKeys;

  it('unnests by default', () => {
    expect(multiValueKeys('SELECT channel, COUNT(*) AS n FROM wikipedia GROUP BY channel')).toBe('unnest');
  });

  it('fails when disabled; with the groupBy engine message when an expression reads the key after grouping', () => {
    const off = { groupByEnableMultiValueUnnesting: false };
    expect(multiValueKeys('SELECT channel, COUNT(*) AS n FROM wikipedia GROUP BY channel', off)).toBe('fail');
    expect(multiValueKeys('SELECT MV_TO_ARRAY(channel) AS c, COUNT(*) AS n FROM wikipedia GROUP BY channel', off)).toBe('failPostAggregated');
  });
});

describe('output names', () => {
  it('keeps the written names (which may repeat) beside the unique plan names', () => {
    const planned = planSelect("SELECT 1 AS x, 'a' AS x, page FROM wikipedia");
    expect(planned.columnNames).toEqual(['x', 'x', 'page']);
    expect(signatureOf(planned.plan)).toEqual(['x:LONG', 'x0:STRING', 'page:STRING']);
  });
});
