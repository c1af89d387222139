import { describe, expect, it } from 'vitest';
import { WIKIPEDIA_EXTERN, planError } from './fixtures.ts';

describe('errors', () => {
  it('reports syntax errors with line and column', () => {
    const error = planError('SELECT page\nFROM wikipedia\nWHERE');
    expect(error.message).toMatch(/^Received an unexpected token \[<EOF>\] \(line \[3\], column \[6\]\), acceptable options: \[.*"CASE".*\]$/);
    expect(error.context).toEqual({ line: '3', column: '6' });
    expect(error.toJSON()).toMatchObject({ error: 'druidException', errorCode: 'invalidInput', category: 'INVALID_INPUT', persona: 'USER' });

    // Calcite shows a comparison operator with the token after it (Druid: `[= =]` at the first `=`).
    const token = planError('SELECT page FROM wikipedia WHERE page == 1');
    expect(token.message).toMatch(/^Received an unexpected token \[= =\] \(line \[1\], column \[39\]\)/);
    expect(token.context).toEqual({ line: '1', column: '39' });

    const from = planError('select a from ');
    expect(from.message).toMatch(/^Received an unexpected token \[from <EOF>\] \(line \[1\], column \[10\]\), acceptable options/);
  });

  it('reports unknown columns, tables and qualifiers with their position', () => {
    const column = planError('SELECT page,\n  nope FROM wikipedia');
    expect(column.message).toBe("Column 'nope' not found in any table (line [2], column [3])");
    expect(column.context).toEqual({ line: '2', column: '3' });
    expect(planError("SELECT page FROM wikipedia WHERE channel = \"#en.wikipedia\"").message).toBe(
      "Column '#en.wikipedia' not found in any table (line [1], column [44])",
    );
    expect(planError('SELECT x.page FROM wikipedia w').message).toBe("Table 'x' not found (line [1], column [8])");
    expect(planError('SELECT * FROM nope').message).toBe("Object 'nope' not found (line [1], column [15])");
    expect(planError('SELECT * FROM sys.nope').message).toBe("Object 'nope' not found within 'sys' (line [1], column [15])");
    expect(planError('SELECT * FROM elsewhere.nope').message).toBe("Object 'elsewhere' not found (line [1], column [15])");
  });

  it('fails to plan EARLIEST / LATEST over a relation without __time, as Druid does (no position)', () => {
    const error = planError(`SELECT LATEST(page) AS p FROM ${WIKIPEDIA_EXTERN}`);
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      "Query could not be planned. A possible reason is [LATEST and EARLIEST aggregators implicitly depend on the __time column, but the table queried doesn't contain a __time column.  Please use LATEST_BY or EARLIEST_BY and specify the column explicitly.]",
    );
  });

  it('reports unknown functions and wrong argument counts', () => {
    expect(planError("SELECT FOO(added, 'x') FROM wikipedia").message).toBe(
      'No match found for function signature FOO(<NUMERIC>, <CHARACTER>) (line [1], column [8])',
    );
    expect(planError('SELECT TIME_PARSE() FROM wikipedia').message).toMatch(/^Invalid number of arguments to function 'TIME_PARSE'\. Was expecting 1 to 3 arguments/);
  });

  it('reports ungrouped columns and misplaced aggregates', () => {
    expect(planError('SELECT page, added FROM wikipedia GROUP BY page').message).toBe("Expression 'added' is not being grouped (line [1], column [14])");
    expect(planError('SELECT page, COUNT(*) FROM wikipedia GROUP BY page HAVING added > 1').message).toMatch(/^Expression 'added' is not being grouped/);
    expect(planError('SELECT page FROM wikipedia WHERE COUNT(*) > 1').message).toMatch(/^Aggregate expression is illegal in WHERE clause/);
    expect(planError('SELECT COUNT(*) FROM wikipedia GROUP BY COUNT(*)').message).toMatch(/^Aggregate expression is illegal in GROUP BY clause/);
    expect(planError('SELECT SUM(MAX(added)) FROM wikipedia').message).toMatch(/^Aggregate expressions cannot be nested/);
    expect(planError('SELECT page, COUNT(*) FROM wikipedia GROUP BY page ORDER BY 3').message).toMatch(/^Ordinal out of range/);
  });

  it('refuses what this slice does not support yet with a clear message', () => {
    expect(planError('SELECT SUM(added) OVER (PARTITION BY page) FROM wikipedia').message).toMatch(/^Window functions are not supported yet/);
  });

  it('requires a value for every dynamic parameter', () => {
    expect(planError('SELECT page FROM wikipedia WHERE added > ? AND page = ?', { parameters: [{ type: 'BIGINT', value: 1 }] }).message).toBe(
      'No value bound for parameter (position [2])',
    );
    expect(planError('SELECT ? FROM wikipedia', { parameters: [{ type: 'BIGINT', value: 'abc' }] }).message).toMatch(/invalid value \[abc\]/);
  });

  it('refuses impossible TIMESTAMP literals', () => {
    expect(planError("SELECT page FROM wikipedia WHERE __time > TIMESTAMP '2020-13-01'").message).toMatch(
      /^Illegal TIMESTAMP literal '2020-13-01': not in format 'yyyy-MM-dd HH:mm:ss' \(line \[1\], column \[43\]\)/,
    );
    expect(planError("SELECT page FROM wikipedia WHERE __time > 'yesterday'").message).toMatch(/^Illegal TIMESTAMP literal 'yesterday'/);
  });
});
