import type { Frame } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { type Expr, evaluate, evaluatePredicate } from '../src/index.ts';
import { col, fn, frame, n, s, values } from './helpers.ts';

// 1000 rows over 6 distinct values and NULL: the string column takes the per-dictionary path.
const DISTINCT = ['2015-09-12T00:46:58.771Z', 'Wikipedia', 'wiki', '42', '', 'not a time', null];
const rows = Array.from({ length: 1000 }, (_, i) => [DISTINCT[(i * 7) % DISTINCT.length]]);
const dictionaryFrame = frame({ v: 'STRING' }, rows);
// The same values held in an object column, which always goes row by row.
const rowFrame: Frame = { signature: dictionaryFrame.signature, numRows: rows.length, columns: [{ kind: 'object', values: rows.map((r) => r[0]) }] };

const v = col('v', 'STRING');
const cases: [string, Expr][] = [
  ['= literal', fn('=', [v, s('wiki')], 'LONG')],
  ['<> literal', fn('<>', [v, s('wiki')], 'LONG')],
  ['LIKE', fn('LIKE', [v, s('%iki%')], 'LONG')],
  ['IN', fn('IN', [v, s('42'), s('wiki')], 'LONG')],
  ['UPPER', fn('UPPER', [v], 'STRING')],
  ['TIME_PARSE', fn('TIME_PARSE', [v], 'LONG')],
  ['TIME_FLOOR of TIME_PARSE', fn('TIME_FLOOR', [fn('TIME_PARSE', [v], 'LONG'), s('PT1H')], 'LONG')],
  ['CAST to LONG', fn('CAST', [v], 'LONG')],
  ['CONCAT', fn('CONCAT', [v, s('!')], 'STRING')],
  ['IS NULL', fn('IS NULL', [v], 'LONG')],
  ['COALESCE', fn('COALESCE', [v, s('none')], 'STRING')],
  ['LENGTH', fn('LENGTH', [v], 'LONG')],
  ['CASE', fn('CASE', [fn('LIKE', [v, s('W%')], 'LONG'), n(1), fn('=', [v, s('')], 'LONG'), n(2), n(3)], 'LONG')],
  ['AND', fn('AND', [fn('IS NOT NULL', [v], 'LONG'), fn('<>', [v, s('42')], 'LONG')], 'LONG')],
];

describe('string dictionary fast path', () => {
  it.each(cases)('%s gives the same values as the row-by-row path', (_name, expr) => {
    const fast = evaluate(expr, dictionaryFrame);
    const slow = evaluate(expr, rowFrame);
    expect(values(fast, rows.length)).toEqual(values(slow, rows.length));
  });

  it('gives the same predicate masks', () => {
    const expr = fn('LIKE', [v, s('w%')], 'LONG');
    expect(Array.from(evaluatePredicate(expr, dictionaryFrame))).toEqual(Array.from(evaluatePredicate(expr, rowFrame)));
  });

  it('ignores dictionary entries no row uses', () => {
    // Entry 1 ('zero') is unused; dividing by its length would fail if it were evaluated.
    const ids = new Int32Array(100).fill(0);
    const f: Frame = { signature: [{ name: 'v', type: 'STRING' }], numRows: 100, columns: [{ kind: 'string', ids, dictionary: ['abc', ''] }] };
    const expr = fn('/', [n(6), fn('LENGTH', [v], 'LONG')], 'LONG');
    expect(values(evaluate(expr, f), 100)).toEqual(new Array(100).fill(2));
  });

  it('evaluates constant expressions once for all rows', () => {
    const f = frame({ v: 'STRING' }, rows);
    const expr = fn('TIME_PARSE', [s('2015-09-12')], 'LONG');
    expect(new Set(values(evaluate(expr, f), rows.length))).toEqual(new Set([Date.UTC(2015, 8, 12)]));
  });
});
