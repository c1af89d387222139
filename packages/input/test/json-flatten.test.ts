import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { RowSignature } from '@silt/common';
import { frameToRows } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { parseRecordChunk } from '../src/index.ts';

const chunk = (text: string) => ({ bytes: new TextEncoder().encode(text), source: 'inline', firstRecord: 1 });
const strings = (...names: string[]): RowSignature => names.map((name) => ({ name, type: 'STRING' as const }));

/** Druid's flattenSpec documentation example record. */
const DOC_RECORD = JSON.stringify({
  timestamp: '2015-09-12T12:10:53.155Z',
  dim1: 'qwerty',
  foo: { bar: 'abc', other: { bar: 'xyz' } },
  'foo.bar': 'def',
  nestmet: { val: 42 },
  hello: [1.0, 2.0, 3.0, 4.0, 5.0],
  mixarray: [1.0, 2.0, 3.0, 4.0, { last: 5 }],
  world: [{ hey: 'there' }, { tree: 'apple' }],
  thing: { food: ['sandwich', 'pizza'] },
});

function parse(text: string, inputFormat: Record<string, unknown>, signature: RowSignature, options = {}) {
  const parsed = parseRecordChunk(chunk(text), inputFormat, signature, options);
  return { ...parsed, rows: frameToRows(parsed.frame) };
}

describe('json flattenSpec', () => {
  const flattenSpec = {
    useFieldDiscovery: true,
    fields: [
      { name: 'baz', type: 'root', expr: 'dim1' },
      { name: 'foo_bar', type: 'path', expr: '$.foo.bar' },
      { name: 'foo_other_bar', type: 'tree', nodes: ['foo', 'other', 'bar'] },
      { name: 'first_food', type: 'jq', expr: '.thing.food[1]' },
      { name: 'hello_sum', type: 'path', expr: '$.hello.sum()' },
      { name: 'hello_len', type: 'path', expr: '$.hello.length()' },
      { name: 'world_hey', type: 'path', expr: '$.world[*].hey' },
      { name: 'deep_val', type: 'path', expr: '$..val' },
      { name: 'missing', type: 'path', expr: '$.no.such.path' },
      { name: 'food_concat', type: 'path', expr: '$.thing.food.concat("!")' },
      { name: 'jq_all_food', type: 'jq', expr: '.thing.food | join("+")' },
      'timestamp',
    ],
  };

  it('reads root, path, tree and jq fields, and other columns from the root', () => {
    const signature: RowSignature = [
      ...strings('baz', 'foo_bar', 'foo_other_bar', 'first_food', 'world_hey', 'deep_val', 'missing', 'food_concat', 'jq_all_food', 'timestamp', 'foo.bar', 'dim1'),
      { name: 'hello_sum', type: 'DOUBLE' },
      { name: 'hello_len', type: 'LONG' },
    ];
    const { rows, errors } = parse(DOC_RECORD, { type: 'json', flattenSpec }, signature);
    expect(errors).toEqual([]);
    expect(rows).toEqual([['qwerty', 'abc', 'xyz', 'pizza', 'there', '42', null, 'sandwichpizza!', 'sandwich+pizza', '2015-09-12T12:10:53.155Z', 'def', 'qwerty', 15, 5]]);
  });

  it('discovers flattenSpec fields and root primitives (or lists of them), nulls only with keepNullColumns', () => {
    const text = `${DOC_RECORD.slice(0, -1)},"nothing":null}`;
    const found = (format: Record<string, unknown>) => parse(text, format, strings('dim1'), { discoverColumns: true }).discoveredColumns;
    expect(found({ type: 'json' })).toEqual(['timestamp', 'dim1', 'foo.bar', 'hello']);
    expect(found({ type: 'json', flattenSpec: { fields: [{ name: 'x', type: 'path', expr: '$.foo.bar' }] } })).toEqual(['x', 'timestamp', 'dim1', 'foo.bar', 'hello', 'nothing']);
    expect(found({ type: 'json', flattenSpec: { fields: ['x'] }, keepNullColumns: false })).toEqual(['x', 'timestamp', 'dim1', 'foo.bar', 'hello']);
    expect(found({ type: 'json', flattenSpec: { useFieldDiscovery: false, fields: ['dim1'] } })).toEqual(['dim1']);
  });

  it('reads the first jq output, null for none, and makes a jq error a parse error of its record', () => {
    const format = { type: 'json', flattenSpec: { fields: [{ name: 'q', type: 'jq', expr: '.a[]' }] } };
    const { rows, errors } = parse('{"a":[3,4]}\n{"a":[]}\nnot json\n{"a":"text"}\n{"a":[5]}', format, [{ name: 'q', type: 'LONG' }]);
    expect(rows).toEqual([[3], [null], [5]]);
    expect(errors.map((e) => [e.recordNumber, e.reason])).toEqual([
      [3, expect.stringMatching(/JSON/)],
      [4, 'jq: Cannot iterate over string ("text")'],
    ]);
  });

  it('evaluates JSONPath filters, slices, negative indices and numeric functions like Jayway', () => {
    const format = {
      type: 'json',
      flattenSpec: {
        fields: [
          { name: 'cheap', type: 'path', expr: "$.items[?(@.price < 10)].name" },
          { name: 'firstTwo', type: 'path', expr: '$.items[0:2].name' },
          { name: 'last', type: 'path', expr: '$.items[-1].name' },
          { name: 'max', type: 'path', expr: '$.items[*].price.max()' },
          { name: 'avg', type: 'path', expr: 'items[*].price.avg()' },
          { name: 'sd', type: 'path', expr: '$.items[*].price.stddev()' },
        ],
      },
    };
    const record = JSON.stringify({ items: [{ name: 'a', price: 4 }, { name: 'b', price: 20 }, { name: 'c', price: 6 }] });
    const { rows } = parse(record, format, [...strings('cheap', 'firstTwo', 'last'), ...['max', 'avg', 'sd'].map((name) => ({ name, type: 'DOUBLE' as const }))]);
    expect(rows[0]!.slice(0, 5)).toEqual([['a', 'c'], ['a', 'b'], 'c', 20, 10]);
    expect(rows[0]![5]).toBeCloseTo(Math.sqrt((16 + 400 + 36) / 3 - 100), 10);
  });
});

describe('json featureSpec', () => {
  it('parses standard JSON strictly by default', () => {
    const { errors } = parse("{'a':1}", { type: 'json' }, strings('a'));
    expect(errors).toHaveLength(1);
  });

  it('accepts what the enabled Jackson features allow', () => {
    const featureSpec = {
      ALLOW_SINGLE_QUOTES: true,
      ALLOW_UNQUOTED_FIELD_NAMES: true,
      ALLOW_COMMENTS: true,
      ALLOW_YAML_COMMENTS: true,
      ALLOW_NON_NUMERIC_NUMBERS: true,
      ALLOW_NUMERIC_LEADING_ZEROS: true,
      ALLOW_TRAILING_COMMA: true,
      ALLOW_MISSING_VALUES: true,
      ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER: true,
      ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS: true,
      ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS: true,
      AUTO_CLOSE_SOURCE: false,
    };
    const signature: RowSignature = [...strings('s', 'u', 'list', 'esc'), ...['n', 'z', 'p', 'd'].map((name) => ({ name, type: 'DOUBLE' as const }))];
    const text = "{/* c */ s: 'x', u:\"y\", n: -Infinity, z: 007, list: [1,,2,], esc: 'a\\qb', p: +3, d: .5,} # a YAML comment";
    const { rows, errors } = parse(text, { type: 'json', featureSpec }, signature);
    expect(errors).toEqual([]);
    expect(rows).toEqual([['x', 'y', ['1', null, '2'], 'aqb', -Infinity, 7, 3, 0.5]]);
  });

  it('rejects duplicate keys with STRICT_DUPLICATE_DETECTION', () => {
    const { errors } = parse('{"a":1,"a":2}', { type: 'json', featureSpec: { STRICT_DUPLICATE_DETECTION: true } }, strings('a'));
    expect(errors.map((e) => e.reason)).toEqual([expect.stringMatching(/^Duplicate field 'a'/)]);
  });
});

const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe.skipIf(!existsSync(DIST) && (console.log(`skipping: ${DIST} is absent (build with tsc -b)`), true))('jq in a worker thread', () => {
  it('loads jq-web inside the worker and parses a chunk there', async () => {
    const script = `
      const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.dist).then(({ parseRecordChunk }) => {
        const parsed = parseRecordChunk(workerData.chunk, workerData.format, [{ name: 'q', type: 'STRING' }]);
        parentPort.postMessage({ rows: parsed.frame.numRows, errors: parsed.errors.length });
      });`;
    const format = { type: 'json', flattenSpec: { fields: [{ name: 'q', type: 'jq', expr: '.a.b' }] } };
    const worker = new Worker(script, { eval: true, workerData: { dist: DIST, chunk: chunk('{"a":{"b":"x"}}\n{"a":{"b":"y"}}'), format } });
    const result = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(result).toEqual({ rows: 2, errors: 0 });
  });
});
