import { existsSync } from 'node:fs';
import type { RowSignature } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { readAll } from './read-all.ts';

const DIR = '/work/shared/datasets/druid-batch-index';

function absent(path: string): boolean {
  if (existsSync(path)) return false;
  console.log(`skipping: ${path} is absent`);
  return true;
}

const STRINGS = ['timestamp', 'page', 'language', 'user', 'unpatrolled', 'newPage', 'robot', 'anonymous', 'namespace', 'continent', 'country', 'region', 'city'];
const SIGNATURE: RowSignature = [...STRINGS.map((name) => ({ name, type: 'STRING' as const })), ...['added', 'deleted', 'delta'].map((name) => ({ name, type: 'LONG' as const }))];
const BOOLEANS = new Set(['unpatrolled', 'newPage', 'robot', 'anonymous']);

/** Every format's files, with the input format that reads them. */
const FORMATS: [string, string, Record<string, unknown>][] = [
  ['json', '*.json', { type: 'json' }],
  ['csv', '*.csv', { type: 'csv', findColumnsFromHeader: true }],
  ['tsv', '*.tsv', { type: 'tsv', findColumnsFromHeader: true }],
  ['parquet', '*.parquet', { type: 'parquet' }],
  ['avro', '*.avro', { type: 'avro_ocf' }],
  ['orc', '*.orc', { type: 'orc' }],
];

/**
 * A row in comparable form: the timestamp as epoch millis (ORC has a TIMESTAMP column, read as
 * millis; the others have ISO text), booleans lower-cased (CSV writes TRUE/FALSE).
 */
function comparable(row: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  SIGNATURE.forEach(({ name }, i) => {
    const value = row[i];
    if (name === 'timestamp') out[name] = /^\d+$/.test(String(value)) ? Number(value) : Date.parse(String(value));
    else if (BOOLEANS.has(name)) out[name] = String(value).toLowerCase();
    else out[name] = value;
  });
  return out;
}

describe.skipIf(absent(DIR))('the Druid batch-index data in every format', () => {
  const read = async (dir: string, filter: string, format: Record<string, unknown>) => {
    // The combining-test JSON file is another data set: only wikipedia_index_data{1,2,3}.
    const result = await readAll({ type: 'local', baseDir: `${DIR}/${dir}`, filter: `wikipedia_index_data${filter}` }, format, SIGNATURE);
    expect(result.errors).toEqual([]);
    return result.rows.map(comparable);
  };

  it('reads the same 10 rows from json, csv, tsv, parquet, avro and orc', async () => {
    const expected = await read('json', '*.json', { type: 'json' });
    expect(expected).toHaveLength(10);
    expect(expected[0]).toEqual({
      timestamp: Date.parse('2013-08-31T01:02:33Z'),
      page: 'Gypsy Danger',
      language: 'en',
      user: 'nuclear',
      unpatrolled: 'true',
      newPage: 'true',
      robot: 'false',
      anonymous: 'false',
      namespace: 'article',
      continent: 'North America',
      country: 'United States',
      region: 'Bay Area',
      city: 'San Francisco',
      added: 57,
      deleted: 200,
      delta: -143,
    });
    expect(expected.map((r) => r.timestamp)).toEqual([...expected.map((r) => r.timestamp as number)].sort((a, b) => a - b));
    for (const [dir, filter, format] of FORMATS.slice(1)) {
      const rows = await read(dir, filter, format);
      expect({ format: dir, rows }).toEqual({ format: dir, rows: expected });
    }
  });

  it('numbers binary records by their index in the file', async () => {
    for (const [dir, filter, format] of FORMATS.slice(3)) {
      const { chunks } = await readAll({ type: 'local', baseDir: `${DIR}/${dir}`, filter: `wikipedia_index_data${filter}` }, format, SIGNATURE);
      expect(chunks.map((c) => [c.firstRecord, c.context?.kind])).toEqual([
        [1, format.type],
        [1, format.type],
        [1, format.type],
      ]);
    }
  });
});
