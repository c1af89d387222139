import { existsSync } from 'node:fs';
import type { RowSignature } from '@silt/common';
import { frameToRows } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { parseRecordChunk } from '../src/index.ts';
import { column, readAll } from './read-all.ts';

const WIKITICKER = '/work/shared/datasets/wikiticker-2015-09-12-sampled.json.gz';
const UNPARSEABLE_GZ = '/work/shared/datasets/druid-msq-test/unparseable.gz';
const SAMPLED_UNPARSABLE = '/work/shared/datasets/druid-msq-test/wikipedia-sampled-unparsable.json';

const WIKITICKER_SIGNATURE: RowSignature = [
  { name: 'time', type: 'STRING' },
  { name: 'channel', type: 'STRING' },
  { name: 'cityName', type: 'STRING' },
  { name: 'comment', type: 'STRING' },
  { name: 'countryIsoCode', type: 'STRING' },
  { name: 'countryName', type: 'STRING' },
  { name: 'isAnonymous', type: 'STRING' },
  { name: 'isMinor', type: 'STRING' },
  { name: 'isNew', type: 'STRING' },
  { name: 'isRobot', type: 'STRING' },
  { name: 'isUnpatrolled', type: 'STRING' },
  { name: 'metroCode', type: 'LONG' },
  { name: 'namespace', type: 'STRING' },
  { name: 'page', type: 'STRING' },
  { name: 'regionIsoCode', type: 'STRING' },
  { name: 'regionName', type: 'STRING' },
  { name: 'user', type: 'STRING' },
  { name: 'delta', type: 'LONG' },
  { name: 'added', type: 'LONG' },
  { name: 'deleted', type: 'LONG' },
];

function skipReason(path: string): boolean {
  if (existsSync(path)) return false;
  console.log(`skipping: ${path} is absent`);
  return true;
}

/** Parses inline JSON lines as one chunk. */
function parseInline(text: string, signature: RowSignature) {
  const parsed = parseRecordChunk({ bytes: new TextEncoder().encode(text), source: 'inline', firstRecord: 1 }, { type: 'json' }, signature);
  return { rows: frameToRows(parsed.frame), errors: parsed.errors, records: parsed.records, frame: parsed.frame };
}

describe.skipIf(skipReason(WIKITICKER))('wikiticker sample (json.gz)', () => {
  const source = { type: 'local', files: [WIKITICKER] };

  it('reads all 39,244 rows with no errors', async () => {
    const { rows, errors, records, chunks } = await readAll(source, { type: 'json' }, WIKITICKER_SIGNATURE);
    expect(rows).toHaveLength(39244);
    expect(records).toBe(39244);
    expect(errors).toEqual([]);
    expect(rows[0]![0]).toBe('2015-09-12T00:46:58.771Z');
    expect(rows[0]![1]).toBe('#en.wikipedia');
    expect(chunks[0]!.firstRecord).toBe(1);
    const times = column(rows, WIKITICKER_SIGNATURE, 'time') as string[];
    expect(times.reduce((a, b) => (a < b ? a : b))).toBe('2015-09-12T00:46:58.771Z');
    expect(times.reduce((a, b) => (a > b ? a : b))).toBe('2015-09-12T23:59:59.200Z');
    const added = column(rows, WIKITICKER_SIGNATURE, 'added') as number[];
    expect(added.every((n) => Number.isInteger(n))).toBe(true);
  });

  it('gives the same rows when cut into 64 KiB chunks, each ending at a line end', async () => {
    const whole = await readAll(source, { type: 'json' }, WIKITICKER_SIGNATURE);
    const small = await readAll(source, { type: 'json' }, WIKITICKER_SIGNATURE, 64 * 1024);
    expect(small.chunks.length).toBeGreaterThan(200);
    expect(small.rows).toEqual(whole.rows);
    let next = 1;
    for (const chunk of small.chunks) {
      expect(chunk.firstRecord).toBe(next);
      expect(chunk.bytes.length).toBeGreaterThanOrEqual(chunk === small.chunks.at(-1) ? 1 : 64 * 1024);
      const lines = chunk.bytes.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 0);
      expect(chunk.bytes.at(-1)).toBe(0x0a);
      next += lines;
    }
    expect(next - 1).toBe(39244);
  });
});

describe.skipIf(skipReason(UNPARSEABLE_GZ))('Druid MSQ unparseable.gz', () => {
  it('reads 10 rows and reports the 10 empty lines as parse errors', async () => {
    const signature: RowSignature = [
      { name: 'timestamp', type: 'STRING' },
      { name: 'agent_category', type: 'STRING' },
      { name: 'number', type: 'LONG' },
    ];
    const { rows, errors, records } = await readAll({ type: 'local', files: [UNPARSEABLE_GZ] }, { type: 'json' }, signature);
    expect(rows).toHaveLength(10);
    expect(records).toBe(20);
    expect(errors.map((e) => e.recordNumber)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(errors[0]).toEqual({
      code: 'CannotParseExternalData',
      source: UNPARSEABLE_GZ,
      recordNumber: 2,
      excerpt: '',
      message: `Unable to parse row [] (Path: file:${UNPARSEABLE_GZ}, Line: 2)`,
      reason: 'Unexpected end of JSON input',
    });
    expect(rows[0]![0]).toBe('2019-08-19T00:00:00.234Z');
    expect(rows[0]![1]).toBe('Personal computer');
  });
});

describe.skipIf(skipReason(SAMPLED_UNPARSABLE))('Druid MSQ wikipedia-sampled-unparsable.json', () => {
  it('reads 2 rows and reports record 2 with an excerpt', async () => {
    const signature: RowSignature = [
      { name: 'timestamp', type: 'STRING' },
      { name: 'channel', type: 'STRING' },
      { name: 'added', type: 'LONG' },
    ];
    const { rows, errors } = await readAll({ type: 'local', files: [SAMPLED_UNPARSABLE] }, { type: 'json' }, signature);
    expect(rows.map((r) => r[1])).toEqual(['#sv.wikipedia', '#de.wikipedia']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.recordNumber).toBe(2);
    expect(errors[0]!.excerpt).toHaveLength(100);
    expect(errors[0]!.excerpt.startsWith('{"isRobot":falseUNPARSABLE"channel":"#en.wikipedia"')).toBe(true);
    expect(errors[0]!.message).toBe(`Unable to parse row [${errors[0]!.excerpt}] (Path: file:${SAMPLED_UNPARSABLE}, Line: 2)`);
  });
});

describe('json records', () => {
  it('maps keys by name, reads missing keys as null, and ignores other keys', () => {
    const signature: RowSignature = [
      { name: 'a', type: 'STRING' },
      { name: 'b', type: 'LONG' },
    ];
    const { rows } = parseInline('{"a":"x","b":1,"c":3}\n{"c":4}\n{"b":2}\n', signature);
    expect(rows).toEqual([
      ['x', 1],
      [null, null],
      [null, 2],
    ]);
  });

  it('reports empty lines, bad JSON and non-objects; a final newline is not a record', () => {
    const signature: RowSignature = [{ name: 'a', type: 'LONG' }];
    const { rows, errors, records } = parseInline('{"a":1}\n\n[1,2]\n5\nnull\n{"a":\n{"a":2}\r\n', signature);
    expect(rows).toEqual([[1], [2]]);
    expect(records).toBe(7);
    expect(errors.map((e) => [e.recordNumber, e.excerpt])).toEqual([
      [2, ''],
      [3, '[1,2]'],
      [4, '5'],
      [5, 'null'],
      [6, '{"a":'],
    ]);
    expect(errors[1]!.message).toBe('Unable to parse row [[1,2]] (Line: 3)');
  });

  it('coerces values into STRING columns as Druid prints them', () => {
    const signature: RowSignature = [{ name: 'v', type: 'STRING' }];
    const { rows, frame } = parseInline(
      ['1', '-2.5', '1e-7', '1e21', 'true', 'false', 'null', '"s"', '[]', '["one"]', '{"k":1}'].map((v) => `{"v":${v}}`).join('\n'),
      signature,
    );
    expect(rows.map((r) => r[0])).toEqual(['1', '-2.5', '1.0E-7', '1.0E21', 'true', 'false', null, 's', null, 'one', '{"k":1}']);
    expect(frame.columns[0]!.kind).toBe('string');
  });

  it('turns a STRING column into multi-value rows when an array appears', () => {
    const signature: RowSignature = [{ name: 'tags', type: 'STRING' }];
    const { rows, frame } = parseInline('{"tags":"a"}\n{"tags":["t1",2,null]}\n{}\n{"tags":"b"}', signature);
    expect(frame.columns[0]!.kind).toBe('object');
    expect(rows.map((r) => r[0])).toEqual(['a', ['t1', '2', null], null, 'b']);
  });

  it('coerces numbers like Druid: truncation for LONG, parsed strings, null for other types', () => {
    const signature: RowSignature = [
      { name: 'l', type: 'LONG' },
      { name: 'd', type: 'DOUBLE' },
      { name: 'f', type: 'FLOAT' },
    ];
    const values = ['1.9', '-1.9', '" 12 "', '"1,234"', '"+7"', '"2.5e1"', '"abc"', 'true', '[1]', '{"x":1}', '"1.5d"'];
    const { rows } = parseInline(values.map((v) => `{"l":${v},"d":${v},"f":${v}}`).join('\n'), signature);
    expect(rows.map((r) => r[0])).toEqual([1, -1, 12, 1234, 7, 25, null, null, null, null, 1]);
    expect(rows.map((r) => r[1])).toEqual([1.9, -1.9, 12, 1234, 7, 25, null, null, null, null, 1.5]);
    expect(rows[0]![2]).toBe(Math.fround(1.9));
  });

  it('keeps JSON values for COMPLEX<json> and builds arrays for ARRAY columns', () => {
    const signature: RowSignature = [
      { name: 'j', type: 'COMPLEX<json>' },
      { name: 'as', type: 'ARRAY<STRING>' },
      { name: 'al', type: 'ARRAY<LONG>' },
    ];
    const { rows } = parseInline('{"j":{"x":[1,{"y":2}]},"as":[1,"b",null],"al":["3",4.5,"x"]}\n{"j":7,"as":"s","al":9}\n{}', signature);
    expect(rows).toEqual([
      [{ x: [1, { y: 2 }] }, ['1', 'b', null], [3, 4, null]],
      [7, ['s'], [9]],
      [null, null, null],
    ]);
  });

  it('does not read names of Object.prototype members from the prototype', () => {
    const signature: RowSignature = [
      { name: 'constructor', type: 'STRING' },
      { name: 'toString', type: 'STRING' },
    ];
    const { rows } = parseInline('{"toString":"t"}', signature);
    expect(rows).toEqual([[null, 't']]);
  });
});
