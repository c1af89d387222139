import { describe, expect, it } from 'vitest';
import type { JoinNode, LogicalPlan } from '../src/index.ts';
import { find, planError, planIngest, planSelect, render, shape, signatureOf, WIKIPEDIA_EXTERN } from './fixtures.ts';

/** The first join node in a plan, searching both sides. */
function findJoin(node: LogicalPlan): JoinNode {
  if (node.kind === 'join') return node;
  if ('input' in node) return findJoin(node.input);
  throw new Error(`no join in ${shape(node).join(' > ')}`);
}

describe('JOIN', () => {
  it('plans the docs broadcast example (orders LEFT JOIN products LEFT JOIN customers) as left-deep joins with equi keys', () => {
    const planned = planSelect(
      'SELECT w.__time, w.page, k.number FROM wikipedia w LEFT JOIN kttm k ON w.page = k.session LEFT JOIN kttm k2 ON k2.session = w.user',
    );
    const top = findJoin(planned.plan);
    expect(top.joinType).toBe('LEFT');
    expect(top.leftKeys).toEqual(['user']);
    expect(top.rightKeys).toEqual(['session0']);
    const inner = findJoin(top.left);
    expect(inner.joinType).toBe('LEFT');
    expect([inner.leftKeys, inner.rightKeys]).toEqual([['page'], ['session']]);
    // Left columns then right columns; clashing right names get Calcite's suffixes.
    expect(signatureOf(inner).slice(-3)).toEqual(['__time0:LONG', 'session:STRING', 'number:LONG']);
    expect(signatureOf(top).slice(-3)).toEqual(['__time1:LONG', 'session0:STRING', 'number0:LONG']);
    expect(find(planned.plan, 'project').columns.map((c) => `${c.name}=${render(c.expr)}`)).toEqual(['__time=$__time', 'page=$page', 'number=$number']);
    expect(planned.sqlTypeNames).toEqual(['TIMESTAMP', 'VARCHAR', 'BIGINT']);
  });

  it('keeps extra ON predicates in the condition next to the equi keys', () => {
    const join = findJoin(planSelect("SELECT w.page FROM wikipedia w INNER JOIN kttm k ON w.page = k.session AND k.number > 3 AND w.channel = '#en'").plan);
    expect(join.joinType).toBe('INNER');
    expect(join.leftKeys).toEqual(['page']);
    expect(join.rightKeys).toEqual(['session']);
    expect(render(join.condition!)).toBe('AND(AND(=($page, $session), >($number, 3)), =($channel, "#en"))');
  });

  it('plans RIGHT, FULL and CROSS joins', () => {
    expect(findJoin(planSelect('SELECT * FROM wikipedia w RIGHT JOIN kttm k ON w.page = k.session').plan).joinType).toBe('RIGHT');
    expect(findJoin(planSelect('SELECT * FROM wikipedia w FULL OUTER JOIN kttm k ON w.page = k.session').plan).joinType).toBe('FULL');
    const cross = findJoin(planSelect('SELECT * FROM wikipedia CROSS JOIN kttm').plan);
    expect([cross.joinType, cross.condition, cross.leftKeys]).toEqual(['CROSS', null, []]);
  });

  it('expands * over a join to the join signature with Calcite names, and resolves qualified columns', () => {
    const planned = planSelect('SELECT * FROM kttm a JOIN kttm b ON a.session = b.session');
    expect(signatureOf(planned.plan)).toEqual(['__time:LONG', 'session:STRING', 'number:LONG', '__time0:LONG', 'session0:STRING', 'number0:LONG']);
    const qualified = planSelect('SELECT b.number AS n, a.* FROM kttm a JOIN kttm b ON a.session = b.session');
    expect(find(qualified.plan, 'project').columns.map((c) => render(c.expr))).toEqual(['$number0', '$__time', '$session', '$number']);
  });

  it('refuses ambiguous columns and joins without conditions (Calcite messages)', () => {
    expect(planError('SELECT session FROM kttm a JOIN kttm b ON a.session = b.session').message).toBe(
      "Column 'session' is ambiguous (line [1], column [8])",
    );
    expect(planError('SELECT * FROM kttm a JOIN kttm b ON a.nope = b.session').message).toMatch(/^Column 'nope' not found in table 'a'/);
    expect(planError('SELECT * FROM kttm a JOIN kttm b ON c.session = b.session').message).toMatch(/^Table 'c' not found/);
  });

  it('plans JOIN … USING and NATURAL JOIN with the shared columns first, once', () => {
    const using = planSelect('SELECT * FROM wikipedia w JOIN kttm k USING (__time)');
    const join = findJoin(using.plan);
    expect([join.leftKeys, join.rightKeys]).toEqual([['__time'], ['__time0']]);
    expect(signatureOf(using.plan).slice(0, 2)).toEqual(['__time:LONG', 'channel:STRING']);
    expect(signatureOf(using.plan).slice(-2)).toEqual(['session:STRING', 'number:LONG']);
    expect(using.sqlTypeNames[0]).toBe('TIMESTAMP');
    const full = planSelect('SELECT __time FROM wikipedia w FULL JOIN kttm k USING (__time)');
    expect(render(find(full.plan, 'project').columns[0]!.expr)).toBe('$__time');
    expect(render(find(find(full.plan, 'project').input, 'project').columns[0]!.expr)).toBe('COALESCE($__time, $__time0)');
    const natural = findJoin(planSelect('SELECT * FROM kttm a NATURAL JOIN kttm b').plan);
    expect(natural.leftKeys).toEqual(['__time', 'session', 'number']);
  });

  it('turns a comma join with WHERE equalities into an INNER join on them, filtering on the rest', () => {
    const planned = planSelect("SELECT w.page FROM wikipedia w, kttm k WHERE w.page = k.session AND k.number > 1 AND w.channel = '#en'");
    expect(shape(planned.plan)).toEqual(['project', 'filter', 'join']);
    const join = findJoin(planned.plan);
    expect([join.joinType, join.leftKeys, join.rightKeys]).toEqual(['INNER', ['page'], ['session']]);
    expect(render(find(planned.plan, 'filter').condition)).toBe('AND(>($number, 1), =($channel, "#en"))');
  });

  it('joins subqueries, EXTERN inputs and tables', () => {
    const planned = planIngest(
      `INSERT INTO dst SELECT TIME_PARSE(e."timestamp") AS __time, e.page, s.cnt, t."number" FROM ${WIKIPEDIA_EXTERN} e ` +
        'LEFT JOIN (SELECT page, COUNT(*) AS cnt FROM wikipedia GROUP BY page) s ON e.page = s.page ' +
        'LEFT JOIN kttm t ON t."session" = e.page PARTITIONED BY DAY',
    );
    const top = findJoin(planned.plan);
    expect(top.right.kind).toBe('tableScan');
    const inner = findJoin(top.left);
    expect(inner.left.kind).toBe('externalScan');
    expect(shape(inner.right)).toEqual(['project', 'project', 'aggregate', 'tableScan']);
    expect([inner.leftKeys, inner.rightKeys]).toEqual([['page'], ['page0']]);
    expect(signatureOf(planned.plan)).toEqual(['__time:LONG', 'page:STRING', 'cnt:LONG', 'number:LONG']);
  });

  it('plans GROUP BY over a subquery with GROUP BY as nested aggregations', () => {
    const planned = planIngest(
      'INSERT INTO dst SELECT FLOOR(__time TO DAY) AS __time, COUNT(*) AS pages, SUM(edits) AS edits FROM ' +
        '(SELECT FLOOR(__time TO HOUR) AS __time, page, COUNT(*) AS edits FROM wikipedia GROUP BY 1, 2) GROUP BY 1 PARTITIONED BY DAY',
    );
    expect(shape(planned.plan)).toEqual(['project', 'aggregate', 'project', 'aggregate', 'tableScan']);
    expect(signatureOf(planned.plan)).toEqual(['__time:LONG', 'pages:LONG', 'edits:LONG']);
  });
});

describe('UNNEST', () => {
  it('testInsertWithUnnest: FROM t, UNNEST(MV_TO_ARRAY(col)) AS u(d)', () => {
    const planned = planIngest('INSERT INTO foo1 SELECT __time, d FROM wikipedia, UNNEST(MV_TO_ARRAY(channel)) AS unnested(d) PARTITIONED BY ALL');
    const unnest = find(planned.plan, 'unnest');
    expect(render(unnest.expr)).toBe('MV_TO_ARRAY($channel)');
    expect(unnest.name).toBe('d');
    expect(unnest.signature.at(-1)).toEqual({ name: 'd', type: 'STRING' });
    expect(unnest.input.kind).toBe('tableScan');
    expect(signatureOf(planned.plan)).toEqual(['__time:LONG', 'd:STRING']);
  });

  it('testInsertWithUnnestWithVirtualColumns: CROSS JOIN UNNEST(ARRAY[m1, m2]) of numbers', () => {
    const planned = planSelect('SELECT page, v FROM wikipedia CROSS JOIN UNNEST(ARRAY[added, deleted]) AS u(v)');
    const unnest = find(planned.plan, 'unnest');
    expect(render(unnest.expr)).toBe('ARRAY($added, $deleted)');
    expect(unnest.expr.type).toBe('ARRAY<LONG>');
    expect(signatureOf(planned.plan)).toEqual(['page:STRING', 'v:LONG']);
  });

  it('unnests a multi-value string directly, names an unaliased column EXPR$0 and renames a clashing one', () => {
    expect(find(planSelect('SELECT * FROM wikipedia, UNNEST(channel)').plan, 'unnest').name).toBe('EXPR$0');
    const clash = planSelect('SELECT u.page AS p FROM wikipedia CROSS JOIN UNNEST(channel) AS u(page)');
    expect(find(clash.plan, 'unnest').name).toBe('page0');
    expect(render(find(clash.plan, 'project').columns[0]!.expr)).toBe('$page0');
  });

  it('testInsertWithUnnestInline: FROM UNNEST(ARRAY[1,2,3]) reads one empty row', () => {
    const planned = planIngest("INSERT INTO foo1 SELECT TIME_PARSE('2023-08-16T23:00') AS __time, d FROM UNNEST(ARRAY[1,2,3]) AS unnested(d) PARTITIONED BY ALL");
    const unnest = find(planned.plan, 'unnest');
    expect(unnest.input).toMatchObject({ kind: 'externalScan', inputSource: { type: 'inline', data: '{}' }, signature: [] });
    expect(signatureOf(planned.plan)).toEqual(['__time:LONG', 'd:LONG']);
  });

  it('plans SELECT without FROM over one empty row', () => {
    const planned = planSelect('SELECT 1 + 1 AS two');
    expect(shape(planned.plan)).toEqual(['project', 'externalScan']);
    expect(signatureOf(planned.plan)).toEqual(['two:LONG']);
  });

  it('accepts JOIN UNNEST … ON TRUE; refuses UNNEST in an outer join and with two arguments', () => {
    expect(find(planSelect('SELECT c FROM wikipedia JOIN UNNEST(channel) AS u(c) ON TRUE').plan, 'unnest').name).toBe('c');
    expect(planError('SELECT * FROM wikipedia FULL JOIN UNNEST(channel) AS u(c) ON TRUE').message).toMatch(/^UNNEST can only be joined/);
    expect(planError('SELECT * FROM wikipedia LEFT JOIN UNNEST(channel) AS u(c) ON TRUE').message).toMatch(/^UNNEST can only be joined/);
    expect(planError('SELECT * FROM wikipedia, UNNEST(channel, page) AS u(c)').message).toMatch(/^UNNEST takes exactly one argument/);
  });
});

describe('unaliased relations in joins', () => {
  it('expands * over two unaliased subqueries with the same column names (Calcite names x, x0)', () => {
    const planned = planSelect('SELECT * FROM (SELECT page AS x FROM wikipedia), (SELECT session AS x FROM kttm)');
    expect(signatureOf(planned.plan)).toEqual(['x:STRING', 'x0:STRING']);
    expect(find(planned.plan, 'project').columns.map((c) => render(c.expr))).toEqual(['$x', '$x0']);
  });
});
