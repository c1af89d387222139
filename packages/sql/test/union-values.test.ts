import { describe, expect, it } from 'vitest';
import { find, planError, planIngest, planSelect, shape, signatureOf } from './fixtures.ts';

describe('UNION ALL', () => {
  it('unions tables read with the same column names, named as the first SELECT', () => {
    const { plan } = planSelect('SELECT __time, page AS p FROM wikipedia UNION ALL SELECT __time, page FROM wikipedia');
    const union = find(plan, 'union');
    expect(union.inputs.map((i) => shape(i))).toEqual([['project', 'tableScan'], ['project', 'tableScan']]);
    expect(signatureOf(plan)).toEqual(['__time:LONG', 'p:STRING']);
  });

  it('applies the trailing ORDER BY and LIMIT to the whole union', () => {
    const { plan } = planSelect('SELECT page FROM wikipedia UNION ALL SELECT page FROM wikipedia UNION ALL SELECT page FROM wikipedia ORDER BY page DESC LIMIT 3');
    expect(shape(plan)).toEqual(['limit', 'sort', 'union']);
    expect(find(plan, 'union').inputs).toHaveLength(3);
    expect(find(plan, 'sort').keys).toEqual([{ column: 'page', descending: true }]);
  });

  it('takes PARTITIONED BY after the last SELECT of an INSERT', () => {
    const planned = planIngest('INSERT INTO dst SELECT __time, page FROM wikipedia UNION ALL SELECT __time, page FROM wikipedia PARTITIONED BY DAY');
    expect(planned.segmentGranularity).toMatchObject({ type: 'period', period: 'P1D' });
    expect(find(planned.plan, 'union').inputs).toHaveLength(2);
  });

  it('works in a subquery', () => {
    const { plan } = planSelect('SELECT COUNT(*) AS c FROM (SELECT page FROM wikipedia UNION ALL SELECT page FROM wikipedia)');
    expect(find(plan, 'aggregate').input.kind).toBe('union');
  });

  it('refuses different column names as Druid does (errorCode general)', () => {
    const error = planError('SELECT channel, page FROM wikipedia UNION ALL SELECT page, channel FROM wikipedia');
    expect(error.errorCode).toBe('general');
    expect(error.message).toBe('SQL requires union between two tables and column names queried for each table are different Left: [channel, page], Right: [page, channel].');
    expect(error.toJSON()).toMatchObject({ persona: 'USER', category: 'INVALID_INPUT' });
  });

  it('refuses filters, expressions and different types', () => {
    const notTables = /^SQL requires union between inputs that are not simple table scans and involve a filter or aliasing/;
    expect(planError("SELECT page FROM wikipedia WHERE page = 'x' UNION ALL SELECT page FROM wikipedia").message).toMatch(notTables);
    expect(planError('SELECT UPPER(page) AS page FROM wikipedia UNION ALL SELECT page FROM wikipedia').message).toMatch(notTables);
    expect(planError('SELECT "number" AS x FROM kttm UNION ALL SELECT "number" AS x FROM kttm UNION ALL SELECT "session" AS x FROM kttm').message).toMatch(/column names .* Left: \[number\], Right: \[session\]/);
    expect(planError('SELECT page FROM wikipedia UNION ALL SELECT 1 AS page').message).toMatch(notTables);
    expect(planError('SELECT page FROM wikipedia UNION ALL SELECT "session" AS page FROM kttm UNION ALL SELECT page FROM wikipedia').message).toMatch(/Left: \[page\], Right: \[session\]/);
  });

  it('refuses a different number of columns, and statement clauses before the last SELECT', () => {
    expect(planError('SELECT page, channel FROM wikipedia UNION ALL SELECT page FROM wikipedia').message).toBe('Column count mismatch in UNION ALL');
    expect(planError('SELECT page FROM wikipedia LIMIT 1 UNION ALL SELECT page FROM wikipedia').message).toBe('LIMIT must follow the last query of a UNION ALL');
  });
});

describe('VALUES', () => {
  it('reads rows of literals as an inline input, named by the alias column list', () => {
    const planned = planIngest("INSERT INTO dst SELECT TIME_PARSE(ts) AS __time, c1 FROM (VALUES('2023-01-01', 'a'), ('2023-02-01', 'b')) AS t(ts, c1) PARTITIONED BY DAY");
    const scan = find(planned.plan, 'externalScan');
    expect(scan.inputSource).toEqual({ type: 'inline', data: '{"EXPR$0":"2023-01-01","EXPR$1":"a"}\n{"EXPR$0":"2023-02-01","EXPR$1":"b"}' });
    expect(signatureOf(scan)).toEqual(['EXPR$0:STRING', 'EXPR$1:STRING']);
    expect(signatureOf(planned.plan)).toEqual(['__time:LONG', 'c1:STRING']);
  });

  it('types each column by its non-null cells', () => {
    const { plan } = planSelect('SELECT * FROM (VALUES (1, NULL, 2), (2.5, NULL, NULL)) AS t(a, b, c)');
    expect(signatureOf(plan)).toEqual(['a:DOUBLE', 'b:STRING', 'c:LONG']);
  });

  it('refuses mixed types, ragged rows and expressions', () => {
    expect(planError("SELECT * FROM (VALUES (1), ('a')) AS t(x)").message).toMatch(/^Values passed to VALUES operator must have compatible types/);
    expect(planError('SELECT * FROM (VALUES (1, 2), (3)) AS t(x, y)').message).toMatch(/^Column count mismatch in VALUES/);
    expect(planError('SELECT * FROM (VALUES (1 + 1)) AS t(x)').message).toMatch(/^VALUES may only hold literals/);
  });
});
