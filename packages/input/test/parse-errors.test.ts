import { existsSync } from 'node:fs';
import type { RowSignature } from '@silt/common';
import { frameToRows } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { parseRecordChunk } from '../src/index.ts';
import { readAll } from './read-all.ts';

const NULL_BYTE_CSV = '/work/shared/datasets/druid-msq-test/unparseable-null-byte-string.csv';
const MV_STRING_ARRAY = '/work/shared/datasets/druid-msq-test/unparseable-mv-string-array.json';

function absent(path: string): boolean {
  if (existsSync(path)) return false;
  console.log(`skipping: ${path} is absent`);
  return true;
}

const strings = (...names: string[]): RowSignature => names.map((name) => ({ name, type: 'STRING' as const }));

describe.skipIf(absent(NULL_BYTE_CSV))('Druid MSQ unparseable-null-byte-string.csv', () => {
  const source = { type: 'local', files: [NULL_BYTE_CSV] };
  const format = { type: 'csv', findColumnsFromHeader: true };
  const signature = strings('timestamp', 'agent_category', 'agent_type', 'browser');

  it('reads strings holding null bytes as they are (the engine checks them when rows are written)', async () => {
    const { rows, errors, records } = await readAll(source, format, signature);
    expect(records).toBe(3);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r[1])).toEqual(['Personal computer\u0000', 'Smartphone', 'Personal computer']);
  });
});

describe.skipIf(absent(MV_STRING_ARRAY))('Druid MSQ unparseable-mv-string-array.json', () => {
  it('makes the row whose string column holds a list of objects a parse error, as Druid does', async () => {
    const signature = strings('timestamp', 'agent_category', 'language');
    const { rows, errors } = await readAll({ type: 'local', files: [MV_STRING_ARRAY] }, { type: 'json' }, signature);
    expect(rows.map((r) => r[2])).toEqual([
      ['en', 'es', 'es-419', 'es-MX'],
      ['en', 'es', 'es-419', 'es-US'],
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: 'CannotParseExternalData',
      source: MV_STRING_ARRAY,
      recordNumber: 1,
      reason: `Error while trying to read the external data source at inputSource [${MV_STRING_ARRAY}], rowNumber [1], columnName [language]`,
    });
    expect(errors[0]!.excerpt).toHaveLength(100);
    expect(errors[0]!.excerpt.startsWith('{"timestamp":"2019-08-25T00:00:00.031Z","agent_category":"Personal computer"')).toBe(true);
  });
});

describe('null bytes in other formats and types', () => {
  const chunk = (text: string) => ({ bytes: new TextEncoder().encode(text), source: 'inline', firstRecord: 1 });

  it('reads multi-value strings and ARRAY<STRING> elements holding null bytes as they are', () => {
    const signature: RowSignature = [
      { name: 'mv', type: 'STRING' },
      { name: 'arr', type: 'ARRAY<STRING>' },
    ];
    const parsed = parseRecordChunk(chunk('{"mv":["ok","é\\u0000x"]}\n{"arr":["a","b\\u0000"]}'), { type: 'json' }, signature);
    expect(parsed.errors).toEqual([]);
    expect(frameToRows(parsed.frame)).toEqual([
      [['ok', 'é\u0000x'], null],
      [null, ['a', 'b\u0000']],
    ]);
  });

  it('leaves null bytes in non-string columns alone', () => {
    const parsed = parseRecordChunk(chunk('{"j":{"k":"a\\u0000"}}'), { type: 'json' }, [{ name: 'j', type: 'COMPLEX<json>' }]);
    expect(parsed.errors).toEqual([]);
    expect(frameToRows(parsed.frame)).toEqual([[{ k: 'a\u0000' }]]);
  });

  it('gives every bad record of a text format a reason and an excerpt', () => {
    const parsed = parseRecordChunk(chunk(`{"a":1}\n{"a":${'9'.repeat(150)}\n`), { type: 'json' }, strings('a'));
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.excerpt).toBe(`{"a":${'9'.repeat(95)}`);
    expect(parsed.errors[0]!.reason).toMatch(/JSON/);
    const csv = parseRecordChunk(chunk('a,"b\nc,d'), { type: 'csv', columns: ['x', 'y'] }, strings('x'));
    expect(csv.errors.map((e) => [e.recordNumber, e.reason])).toEqual([[1, 'Malformed quoted field']]);
  });
});
