import type { RowSignature } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { formatResult } from '../src/result-formats.ts';

const signature: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'page', type: 'STRING' },
  { name: 'n', type: 'LONG' },
];
const rows = [
  [Date.parse('2015-09-12T00:00:00Z'), 'a,"b"', 1],
  [Date.parse('2015-09-12T01:00:00Z'), null, 2],
];
const SQL_TYPES = ['TIMESTAMP', 'VARCHAR', 'BIGINT'];
const opts = { header: false, typesHeader: false, sqlTypesHeader: false };

describe("Druid's SQL result formats", () => {
  it('object prints timestamps as ISO strings', () => {
    expect(JSON.parse(formatResult(signature, SQL_TYPES, rows, { ...opts, resultFormat: 'object' }).body)).toEqual([
      { __time: '2015-09-12T00:00:00.000Z', page: 'a,"b"', n: 1 },
      { __time: '2015-09-12T01:00:00.000Z', page: null, n: 2 },
    ]);
  });
  it('object with typed header puts types in the first row', () => {
    const body = JSON.parse(formatResult(signature, SQL_TYPES, rows.slice(0, 1), { resultFormat: 'object', header: true, typesHeader: true, sqlTypesHeader: true }).body);
    expect(body[0]).toEqual({ __time: { type: 'LONG', sqlType: 'TIMESTAMP' }, page: { type: 'STRING', sqlType: 'VARCHAR' }, n: { type: 'LONG', sqlType: 'BIGINT' } });
  });
  it('arrayLines ends with a blank line', () => {
    expect(formatResult(signature, SQL_TYPES, rows, { ...opts, resultFormat: 'arrayLines' }).body).toBe('["2015-09-12T00:00:00.000Z","a,\\"b\\"",1]\n["2015-09-12T01:00:00.000Z",null,2]\n\n');
  });
  it('csv quotes fields with commas and quotes, nulls are empty', () => {
    expect(formatResult(signature, SQL_TYPES, rows, { ...opts, resultFormat: 'csv', header: true }).body).toBe('__time,page,n\n2015-09-12T00:00:00.000Z,"a,""b""",1\n2015-09-12T01:00:00.000Z,,2\n\n');
  });
});
