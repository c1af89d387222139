import type { Expr } from '@silt/expr';
import { describe, expect, it } from 'vitest';
import type { SqlParameter } from '../src/index.ts';
import { find, planSelect, render } from './fixtures.ts';

/** The converted expressions of a SELECT list over `wikipedia`. */
function select(list: string, parameters?: SqlParameter[]): Expr[] {
  const { plan } = planSelect(`SELECT ${list} FROM wikipedia`, { parameters });
  return find(plan, 'project').columns.map((c) => c.expr);
}

/** The WHERE condition over `wikipedia`. */
function where(condition: string, parameters?: SqlParameter[]): Expr {
  return find(planSelect(`SELECT page FROM wikipedia WHERE ${condition}`, { parameters }).plan, 'filter').condition;
}

const typed = (exprs: Expr[]): string[] => exprs.map((e) => `${render(e)}:${e.type}`);

describe('expression conversion', () => {
  it('types literals: integers LONG, decimals DOUBLE, TIMESTAMP millis, booleans 1/0, NULL STRING', () => {
    expect(typed(select("1, 1.5, 2e3, 'x', TIMESTAMP '2015-09-12 00:00:00', TRUE, FALSE, NULL, -3"))).toEqual([
      '1:LONG',
      '1.5:DOUBLE',
      '2000:DOUBLE',
      '"x":STRING',
      `${Date.UTC(2015, 8, 12)}:LONG`,
      '1:LONG',
      '0:LONG',
      'null:STRING',
      '-3:LONG',
    ]);
  });

  it('types columns and arithmetic', () => {
    expect(typed(select('__time, added + delta, added * ratio, weight - 1, added / 2, MOD(added, 7), -ratio, -added'))).toEqual([
      '$__time:LONG',
      '+($added, $delta):LONG',
      '*($added, $ratio):DOUBLE',
      '-($weight, 1):DOUBLE',
      '/($added, 2):LONG',
      '%($added, 7):LONG',
      'NEG($ratio):DOUBLE',
      'NEG($added):LONG',
    ]);
  });

  it('maps operators and predicates to the evaluator names', () => {
    expect(render(where("page = 'a' AND channel <> 'b' OR NOT (added >= 1)"))).toBe('OR(AND(=($page, "a"), <>($channel, "b")), NOT(>=($added, 1)))');
    expect(render(where("page != 'a'"))).toBe('<>($page, "a")');
    expect(render(where('page IS NULL AND user IS NOT NULL'))).toBe('AND(IS NULL($page), IS NOT NULL($user))');
    expect(render(where('(added > 0) IS TRUE AND page IS NOT FALSE'))).toBe('AND(IS TRUE(>($added, 0)), IS NOT FALSE($page))');
    expect(render(where("page IN ('a', 'b') AND added NOT IN (1, 2)"))).toBe('AND(IN($page, "a", "b"), NOT(IN($added, 1, 2)))');
    expect(render(where("page LIKE 'a%' AND channel NOT LIKE 'x!%' ESCAPE '!'"))).toBe('AND(LIKE($page, "a%"), NOT(LIKE($channel, "x!%", "!")))');
    expect(render(where('added BETWEEN 1 AND 10 AND delta NOT BETWEEN 1 AND 2'))).toBe('AND(BETWEEN($added, 1, 10), NOT(BETWEEN($delta, 1, 2)))');
    expect(render(where('page IS DISTINCT FROM user AND page IS NOT DISTINCT FROM channel'))).toBe(
      'AND(IS DISTINCT FROM($page, $user), IS NOT DISTINCT FROM($page, $channel))',
    );
    expect(where("page = 'a'").type).toBe('LONG');
  });

  it('reads string literals compared with __time as timestamps, and numeric strings compared with numbers as numbers', () => {
    expect(render(where("__time >= '2015-09-12' AND __time < '2015-09-12T06:00:00Z'"))).toBe(
      `AND(>=($__time, ${Date.UTC(2015, 8, 12)}), <($__time, ${Date.UTC(2015, 8, 12, 6)}))`,
    );
    expect(render(where("__time BETWEEN '2015-09-12' AND '2015-09-13 12:00:00'"))).toBe(
      `BETWEEN($__time, ${Date.UTC(2015, 8, 12)}, ${Date.UTC(2015, 8, 13, 12)})`,
    );
    expect(typed([where("added = '5'")])).toEqual(['=($added, 5):LONG']);
  });

  it('maps CASE, COALESCE and friends, typing them by their branches', () => {
    expect(typed(select("CASE WHEN added > 1 THEN 'big' ELSE NULL END, CASE page WHEN 'a' THEN 1 WHEN 'b' THEN 2.5 END"))).toEqual([
      'CASE(>($added, 1), "big", null):STRING',
      'CASE_SIMPLE($page, "a", 1, "b", 2.5):DOUBLE',
    ]);
    expect(typed(select("COALESCE(page, 'none'), NVL(added, 0), IFNULL(ratio, added), NULLIF(page, ''), GREATEST(added, delta), LEAST(added, 1.5)"))).toEqual([
      'COALESCE($page, "none"):STRING',
      'NVL($added, 0):LONG',
      'IFNULL($ratio, CAST($added)):DOUBLE',
      'NULLIF($page, ""):STRING',
      'GREATEST($added, $delta):LONG',
      'LEAST(CAST($added), 1.5):DOUBLE',
    ]);
    expect(typed(select("CASE WHEN added > 1 THEN page ELSE 5 END"))).toEqual(['CASE(>($added, 1), $page, "5"):STRING']);
  });

  it("combines FLOAT and DOUBLE by Calcite's leastRestrictive: the first approximate type stays, a decimal literal makes DOUBLE", () => {
    expect(typed(select('ARRAY[weight, ratio], ARRAY[ratio, weight], COALESCE(added, weight), COALESCE(weight, 1.5), CASE WHEN added > 1 THEN weight ELSE ratio END')).map((t) => t.split(':').at(-1))).toEqual([
      'ARRAY<FLOAT>',
      'ARRAY<DOUBLE>',
      'FLOAT',
      'DOUBLE',
      'FLOAT',
    ]);
  });

  it("types GREATEST and LEAST as Druid does: DOUBLE as soon as a value is FLOAT or DOUBLE", () => {
    expect(typed(select('GREATEST(weight, weight), LEAST(added, delta), GREATEST(page, added)')).map((t) => t.split(':').at(-1))).toEqual(['DOUBLE', 'LONG', 'STRING']);
  });

  it('maps CAST to the target type, parsing and formatting timestamps', () => {
    expect(typed(select('CAST(added AS VARCHAR), CAST(page AS BIGINT), CAST(added AS DOUBLE), CAST(added AS REAL), CAST(page AS TIMESTAMP), CAST(__time AS VARCHAR), CAST(added AS DECIMAL)')))
      .toEqual([
        'CAST($added):STRING',
        'CAST($page):LONG',
        'CAST($added):DOUBLE',
        'CAST($added):FLOAT',
        'TIME_PARSE($page):LONG',
        'TIME_FORMAT($__time, "yyyy-MM-dd HH:mm:ss"):STRING',
        'CAST($added):DOUBLE',
      ]);
  });

  it('maps time functions', () => {
    expect(
      typed(
        select(
          "TIME_PARSE(page), TIME_FORMAT(__time, 'yyyy'), TIME_FLOOR(__time, 'PT1H'), TIME_CEIL(__time, 'P1D'), TIME_SHIFT(__time, 'P1D', -1), " +
            "TIME_EXTRACT(__time, 'HOUR'), MILLIS_TO_TIMESTAMP(added), TIMESTAMP_TO_MILLIS(__time), FLOOR(__time TO DAY), CEIL(__time TO HOUR), " +
            "DATE_TRUNC('day', __time), EXTRACT(YEAR FROM __time), CURRENT_TIMESTAMP, TIME_FLOOR('2015-09-12 03:00:00', 'P1D')",
        ),
      ),
    ).toEqual([
      'TIME_PARSE($page):LONG',
      'TIME_FORMAT($__time, "yyyy"):STRING',
      'TIME_FLOOR($__time, "PT1H"):LONG',
      'TIME_CEIL($__time, "P1D"):LONG',
      'TIME_SHIFT($__time, "P1D", -1):LONG',
      'TIME_EXTRACT($__time, "HOUR"):LONG',
      'MILLIS_TO_TIMESTAMP($added):LONG',
      'TIMESTAMP_TO_MILLIS($__time):LONG',
      'FLOOR_TIME($__time, "DAY"):LONG',
      'CEIL_TIME($__time, "HOUR"):LONG',
      'DATE_TRUNC("day", $__time):LONG',
      'TIME_EXTRACT($__time, "YEAR"):LONG',
      'CURRENT_TIMESTAMP():LONG',
      `TIME_FLOOR(${Date.UTC(2015, 8, 12, 3)}, "P1D"):LONG`,
    ]);
  });

  it('maps string and numeric functions', () => {
    expect(
      typed(
        select(
          "CONCAT(page, '-', channel), page || '!', LOWER(page), SUBSTRING(page, 1, 2), TRIM(page), TRIM(LEADING 'x' FROM page), STRPOS(page, 'a'), " +
            "LENGTH(page), CHAR_LENGTH(page), POSITION('a' IN page), REGEXP_LIKE(page, 'a.*'), LPAD(page, 5, '*'), ABS(delta), FLOOR(ratio), " +
            'CEIL(weight), ROUND(ratio, 2), POWER(added, 2), SQRT(added), SAFE_DIVIDE(added, delta), TRUNCATE(ratio, 1)',
        ),
      ),
    ).toEqual([
      'CONCAT($page, "-", $channel):STRING',
      '||($page, "!"):STRING',
      'LOWER($page):STRING',
      'SUBSTRING($page, 1, 2):STRING',
      'TRIM($page):STRING',
      'LTRIM($page, "x"):STRING',
      'STRPOS($page, "a"):LONG',
      'LENGTH($page):LONG',
      'CHAR_LENGTH($page):LONG',
      'STRPOS($page, "a"):LONG',
      'REGEXP_LIKE($page, "a.*"):LONG',
      'LPAD($page, 5, "*"):STRING',
      'ABS($delta):LONG',
      'FLOOR($ratio):DOUBLE',
      'CEIL($weight):FLOAT',
      'ROUND($ratio, 2):DOUBLE',
      'POWER($added, 2):DOUBLE',
      'SQRT($added):DOUBLE',
      'SAFE_DIVIDE($added, $delta):LONG',
      'TRUNCATE($ratio, 1):DOUBLE',
    ]);
  });

  it('binds dynamic parameters as typed literals in textual order', () => {
    const exprs = select('?, ?, ?, ?, ?', [
      { type: 'VARCHAR', value: 'a' },
      { type: 'BIGINT', value: 7 },
      { type: 'DOUBLE', value: 1.5 },
      { type: 'TIMESTAMP', value: '2015-09-12 00:00:00' },
      { type: 'BOOLEAN', value: true },
    ]);
    expect(typed(exprs)).toEqual(['"a":STRING', '7:LONG', '1.5:DOUBLE', `${Date.UTC(2015, 8, 12)}:LONG`, '1:LONG']);
    expect(render(where('__time >= ? AND page = ?', [
      { type: 'VARCHAR', value: '2015-09-12' },
      { type: 'VARCHAR', value: 'x' },
    ]))).toBe(`AND(>=($__time, ${Date.UTC(2015, 8, 12)}), =($page, "x"))`);
  });

  it('adds day-time INTERVALs as fixed milliseconds and year-month INTERVALs as calendar months', () => {
    const day = Date.UTC(2000, 0, 1);
    expect(typed(select("TIMESTAMP '2000-01-01' - INTERVAL '1' DAY, __time + INTERVAL '1 2:30' DAY TO MINUTE, INTERVAL '2' HOUR + __time"))).toEqual([
      `+(${day}, -86400000):LONG`,
      '+($__time, 95400000):LONG',
      '+($__time, 7200000):LONG',
    ]);
    expect(typed(select("__time - INTERVAL '1-6' YEAR TO MONTH, __time + INTERVAL '1' QUARTER"))).toEqual([
      'TIMESTAMPADD("MONTH", -18, $__time):LONG',
      'TIMESTAMPADD("MONTH", 3, $__time):LONG',
    ]);
    expect(where("__time >= TIMESTAMP '2015-09-12 12:00:00' - INTERVAL '30' MINUTE")).toBeDefined();
    expect(() => select("added + INTERVAL '1' DAY")).toThrow(/only to a TIMESTAMP/);
    expect(() => select("TIMESTAMP '2000-01-01' + INTERVAL 'x' DAY")).toThrow(/Illegal interval literal format 'x'/);
  });

  it('casts a VARCHAR expression compared with a TIMESTAMP to TIMESTAMP, as Calcite does', () => {
    expect(render(where("page >= TIMESTAMP '2016-06-27 01:00:00'"))).toBe('>=(TIME_PARSE($page), 1466989200000)');
    expect(render(where("TIMESTAMP '2016-06-27 01:00:00' < page"))).toBe('<(1466989200000, TIME_PARSE($page))');
    expect(render(where("page BETWEEN TIMESTAMP '2016-06-27 01:00:00' AND TIMESTAMP '2016-06-27 02:00:00'"))).toBe('BETWEEN(TIME_PARSE($page), 1466989200000, 1466992800000)');
    expect(render(where("page >= '2016-06-27'"))).toBe('>=($page, "2016-06-27")');
  });
});
