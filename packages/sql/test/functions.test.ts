import { describe, expect, it } from 'vitest';
import type { AggregateCall } from '@silt/expr';
import { find, planError, planIngest, planSelect, render, signatureOf } from './fixtures.ts';

const describeCall = (c: AggregateCall): string => `${c.fn}${c.distinct ? '[distinct]' : ''}(${c.args.map(render).join(', ')}):${c.type}`;

describe('approximate and sketch aggregates', () => {
  it('plans COUNT(DISTINCT x) as APPROX_COUNT_DISTINCT unless useApproximateCountDistinct is false', () => {
    const approx = find(planSelect('SELECT COUNT(DISTINCT page) AS n FROM wikipedia').plan, 'aggregate').aggregates[0]!.call;
    expect(describeCall(approx)).toBe('APPROX_COUNT_DISTINCT($page):LONG');
    const exact = find(planSelect('SELECT COUNT(DISTINCT page) AS n FROM wikipedia', { context: { useApproximateCountDistinct: 'false' } }).plan, 'aggregate');
    expect(describeCall(exact.aggregates[0]!.call)).toBe('COUNT[distinct]($page):LONG');
  });

  it('types sketch builders as COMPLEX and approximate results as LONG / DOUBLE', () => {
    const { plan } = planSelect(
      'SELECT APPROX_COUNT_DISTINCT(page) AS a, APPROX_COUNT_DISTINCT_DS_HLL(page, 12) AS b, APPROX_COUNT_DISTINCT_DS_THETA(page) AS c, ' +
        "DS_HLL(page, 12, 'HLL_8') AS d, DS_THETA(page, 4096) AS e, DS_QUANTILES_SKETCH(added) AS f, APPROX_QUANTILE_DS(added, 0.9) AS g FROM wikipedia",
    );
    expect(find(plan, 'aggregate').aggregates.map((a) => describeCall(a.call))).toEqual([
      'APPROX_COUNT_DISTINCT($page):LONG',
      'APPROX_COUNT_DISTINCT_DS_HLL($page, 12):LONG',
      'APPROX_COUNT_DISTINCT_DS_THETA($page):LONG',
      'DS_HLL($page, 12, "HLL_8"):COMPLEX<json>',
      'DS_THETA($page, 4096):COMPLEX<json>',
      'DS_QUANTILES_SKETCH($added):COMPLEX<json>',
      'APPROX_QUANTILE_DS($added, 0.9):DOUBLE',
    ]);
  });

  it('types sketch post-aggregation functions over sketch aggregates', () => {
    const { plan } = planSelect(
      'SELECT HLL_SKETCH_ESTIMATE(DS_HLL(page)) AS h, THETA_SKETCH_ESTIMATE(DS_THETA(page)) AS t, ' +
        'DS_GET_QUANTILE(DS_QUANTILES_SKETCH(added), 0.5) AS q, DS_GET_QUANTILES(DS_QUANTILES_SKETCH(added), 0.1, 0.9) AS qs FROM wikipedia',
    );
    expect(signatureOf(plan)).toEqual(['h:DOUBLE', 't:DOUBLE', 'q:DOUBLE', 'qs:ARRAY<DOUBLE>']);
    expect(render(find(plan, 'project').columns[0]!.expr)).toBe('HLL_SKETCH_ESTIMATE($a0)');
  });

  it('refuses non-literal sketch parameters', () => {
    expect(planError('SELECT DS_HLL(page, added) FROM wikipedia').message).toMatch(/^The parameters of DS_HLL after the first must be literals/);
  });

  it('keeps the intermediate sketch type of top-level outputs with finalizeAggregations false (testRollUpOnFoo1ComplexCol)', () => {
    const planned = planIngest(
      'INSERT INTO foo1 SELECT __time, page, APPROX_COUNT_DISTINCT_DS_HLL(user) AS users, APPROX_QUANTILE_DS(added, 0.5) AS med, ' +
        'DS_THETA(user) AS theta, APPROX_COUNT_DISTINCT(channel) + 1 AS plus, COUNT(*) AS cnt FROM wikipedia GROUP BY 1, 2 PARTITIONED BY DAY',
      { context: { finalizeAggregations: false, groupByEnableMultiValueUnnesting: false } },
    );
    expect(planned.rollup).toBe(true);
    expect(signatureOf(planned.plan)).toEqual([
      '__time:LONG',
      'page:STRING',
      'users:COMPLEX<json>',
      'med:COMPLEX<json>',
      'theta:COMPLEX<json>',
      'plus:LONG',
      'cnt:LONG',
    ]);
    expect(find(planned.plan, 'aggregate').aggregates.map((a) => `${a.call.fn}:${a.call.type}`)).toEqual([
      'APPROX_COUNT_DISTINCT_DS_HLL:COMPLEX<json>',
      'APPROX_QUANTILE_DS:COMPLEX<json>',
      'DS_THETA:COMPLEX<json>',
      'APPROX_COUNT_DISTINCT:LONG',
      'COUNT:LONG',
    ]);
  });

  it('finalizes sketches of subqueries even with finalizeAggregations false', () => {
    const planned = planSelect('SELECT n FROM (SELECT page, APPROX_COUNT_DISTINCT_DS_HLL(user) AS n FROM wikipedia GROUP BY page)', {
      context: { finalizeAggregations: false },
    });
    expect(signatureOf(planned.plan)).toEqual(['n:LONG']);
  });
});

describe('array, multi-value string and JSON functions', () => {
  it('types ARRAY constructors and ARRAY_* functions', () => {
    const { plan } = planSelect(
      "SELECT ARRAY[1, 2] AS a, ARRAY['x', page] AS b, ARRAY[1, 2.5] AS c, ARRAY_LENGTH(ARRAY[1]) AS d, ARRAY_OFFSET(ARRAY['x'], 0) AS e, " +
        "ARRAY_CONTAINS(ARRAY[1, 2], 1) AS f, ARRAY_APPEND(ARRAY[1], 2) AS g, ARRAY_PREPEND('x', ARRAY['y']) AS h, " +
        "ARRAY_TO_STRING(ARRAY['a', 'b'], ',') AS i, STRING_TO_ARRAY(page, ',') AS j, ARRAY_TO_MV(ARRAY['a']) AS k, ARRAY_SLICE(ARRAY[1, 2, 3], 1, 2) AS l " +
        'FROM wikipedia',
    );
    expect(signatureOf(plan)).toEqual([
      'a:ARRAY<LONG>',
      'b:ARRAY<STRING>',
      'c:ARRAY<DOUBLE>',
      'd:LONG',
      'e:STRING',
      'f:LONG',
      'g:ARRAY<LONG>',
      'h:ARRAY<STRING>',
      'i:STRING',
      'j:ARRAY<STRING>',
      'k:STRING',
      'l:ARRAY<LONG>',
    ]);
    expect(render(find(plan, 'project').columns[2]!.expr)).toBe('ARRAY(1, 2.5)');
    expect(find(plan, 'project').columns[2]!.expr).toMatchObject({ args: [{ type: 'DOUBLE' }, { type: 'DOUBLE' }] });
  });

  it('types MV_* functions as strings, lengths and flags', () => {
    const { plan } = planSelect(
      "SELECT MV_LENGTH(channel) AS a, MV_CONTAINS(channel, 'x') AS b, MV_TO_ARRAY(channel) AS c, STRING_TO_MV(page, ',') AS d, " +
        "MV_FILTER_ONLY(channel, ARRAY['a']) AS e, MV_APPEND(channel, 'z') AS f, MV_TO_STRING(channel, '|') AS g, MV_OFFSET_OF(channel, 'a') AS h FROM wikipedia",
    );
    expect(signatureOf(plan)).toEqual(['a:LONG', 'b:LONG', 'c:ARRAY<STRING>', 'd:STRING', 'e:STRING', 'f:STRING', 'g:STRING', 'h:LONG']);
  });

  it('types JSON functions, JSON_VALUE … RETURNING included', () => {
    const { plan } = planSelect(
      "SELECT PARSE_JSON(page) AS j, JSON_VALUE(PARSE_JSON(page), '$.x') AS s, JSON_VALUE(PARSE_JSON(page), '$.n' RETURNING BIGINT) AS n, " +
        "JSON_VALUE(PARSE_JSON(page), '$.d' RETURNING DOUBLE) AS d, JSON_QUERY(PARSE_JSON(page), '$.o') AS o, TO_JSON_STRING(PARSE_JSON(page)) AS t, " +
        "TRY_PARSE_JSON(page) AS tj, JSON_KEYS(PARSE_JSON(page), '$') AS k FROM wikipedia",
    );
    expect(signatureOf(plan)).toEqual([
      'j:COMPLEX<json>',
      's:STRING',
      'n:LONG',
      'd:DOUBLE',
      'o:COMPLEX<json>',
      't:STRING',
      'tj:COMPLEX<json>',
      'k:ARRAY<STRING>',
    ]);
    expect(render(find(plan, 'project').columns[2]!.expr)).toBe('JSON_VALUE(PARSE_JSON($page), "$.n")');
  });
});
