import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { RowSignature } from '@silt/common';
import { frameToRows } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { type JsonInputFormat, type ParseOptions, type RecordChunk, listSplits, parseRecordChunk, readRecordChunks, resolveInputFormat } from '../src/index.ts';
import { scanJsonChunk } from '../src/json-fast-path.ts';
import { parseJsonRecords } from '../src/json-records.ts';
import type { ParseError } from '../src/parse-error.ts';
import { RowWriter } from '../src/row-writer.ts';
import { ADVERSARIAL_KEYS, adversarialJsonLines } from './support/adversarial-json.ts';

const WIKITICKER = '/work/shared/datasets/wikiticker-2015-09-12-sampled.json.gz';
const MSQ_TEST = '/work/shared/datasets/druid-msq-test';

function skipReason(path: string): boolean {
  if (existsSync(path)) return false;
  console.log(`skipping: ${path} is absent`);
  return true;
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Today's JSON path (`JSON.parse` per line), as `parseRecordChunk` ran it before the fast path. */
function parseWithJsonParse(chunk: RecordChunk, inputFormat: Record<string, unknown>, signature: RowSignature, options: ParseOptions = {}) {
  const format = resolveInputFormat(inputFormat) as JsonInputFormat;
  const rows = new RowWriter(signature, options.partialRows, options.rowRecords);
  const errors: ParseError[] = [];
  const records = parseJsonRecords(decoder.decode(chunk.bytes), format, signature.map((c) => c.name), rows, chunk, errors, null);
  const rowRecords = rows.rowRecords ? Int32Array.from(rows.rowRecords) : undefined;
  return { frame: { signature, numRows: rows.numRows, columns: rows.build() }, errors, records, partialRowErrors: rows.partialRowErrors, rowRecords };
}

/** Checks that the fast path runs on this chunk and gives what `JSON.parse` gives, value for value. */
function expectSameAsJsonParse(chunk: RecordChunk, inputFormat: Record<string, unknown>, signature: RowSignature, options: ParseOptions = {}) {
  const expected = parseWithJsonParse(chunk, inputFormat, signature, options);
  const scanned = scanJsonChunk(chunk, resolveInputFormat(inputFormat) as JsonInputFormat, signature, options);
  expect(scanned).not.toBeNull();
  const parsed = parseRecordChunk(chunk, inputFormat, signature, options);
  for (const actual of [scanned!, parsed]) {
    expect(actual.records).toBe(expected.records);
    expect(actual.errors).toEqual(expected.errors);
    expect(actual.partialRowErrors ?? []).toEqual(expected.partialRowErrors);
    expect(actual.rowRecords).toEqual(expected.rowRecords);
    expect(actual.frame.numRows).toBe(expected.frame.numRows);
    expect(actual.frame.columns.map((c) => c.kind)).toEqual(expected.frame.columns.map((c) => c.kind));
    // isDeepStrictEqual is quick and tells -0 from 0; toEqual shows the difference when there is one.
    const [actualRows, expectedRows] = [frameToRows(actual.frame), frameToRows(expected.frame)];
    if (!isDeepStrictEqual(actualRows, expectedRows)) expect(actualRows).toEqual(expectedRows);
  }
  return parsed;
}

/** Signatures reading `keys` in every way a column can: as strings, longs, floats and doubles. */
function signaturesOf(keys: readonly string[], numeric: ReadonlySet<string>): RowSignature[] {
  return [
    keys.map((name) => ({ name, type: numeric.has(name) ? 'LONG' : 'STRING' })),
    keys.map((name) => ({ name, type: 'STRING' })),
    keys.map((name, i) => ({ name, type: (['LONG', 'DOUBLE', 'FLOAT', 'STRING'] as const)[i % 4]! })),
    [...keys.map((name) => ({ name, type: 'DOUBLE' as const })), { name: 'no such key', type: 'LONG' }],
  ];
}

/** The top-level keys of a JSON lines text, and those that hold a number somewhere. */
function keysOf(text: string): { keys: string[]; numeric: Set<string> } {
  const keys = new Set<string>();
  const numeric = new Set<string>();
  for (const line of text.split('\n')) {
    try {
      const record = JSON.parse(line) as Record<string, unknown>;
      for (const [key, value] of Object.entries(record)) {
        keys.add(key);
        if (typeof value === 'number') numeric.add(key);
      }
    } catch {
      // bad lines have no keys
    }
  }
  return { keys: [...keys], numeric };
}

async function chunksOf(file: string, targetBytes: number): Promise<RecordChunk[]> {
  const chunks: RecordChunk[] = [];
  for (const split of await listSplits({ type: 'local', files: [file] })) for await (const chunk of readRecordChunks(split, { type: 'json' }, targetBytes)) chunks.push(chunk);
  return chunks;
}

describe.skipIf(skipReason(WIKITICKER))('JSON fast path on the wikiticker sample', () => {
  it('gives the same frames and errors as JSON.parse, in every column type', async () => {
    const chunks = await chunksOf(WIKITICKER, 1 << 20);
    const { keys, numeric } = keysOf(gunzipSync(readFileSync(WIKITICKER)).toString('utf8'));
    expect(keys).toHaveLength(20);
    const signatures = signaturesOf(keys, numeric);
    let rows = 0;
    for (const chunk of chunks) for (const signature of signatures) rows += expectSameAsJsonParse(chunk, { type: 'json' }, signature).frame.numRows;
    expect(rows).toBe(39244 * signatures.length);
  }, 120_000);
});

describe.skipIf(skipReason(MSQ_TEST))('JSON fast path on the MSQ test data', () => {
  const files = existsSync(MSQ_TEST)
    ? [
        ...readdirSync(MSQ_TEST).filter((f) => f.endsWith('.json') || f.endsWith('.gz')),
        ...readdirSync(`${MSQ_TEST}/multipleFiles`).map((f) => `multipleFiles/${f}`),
      ]
    : [];

  it.each(files)('%s: same frames and errors as JSON.parse', async (file) => {
    const path = `${MSQ_TEST}/${file}`;
    const raw = readFileSync(path);
    const { keys, numeric } = keysOf((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8'));
    expect(keys.length).toBeGreaterThan(0);
    for (const chunk of await chunksOf(path, 1024)) {
      for (const signature of signaturesOf(keys, numeric)) {
        expectSameAsJsonParse(chunk, { type: 'json' }, signature);
      }
    }
  }, 60_000);
});

describe('JSON fast path on adversarial lines', () => {
  const chunk = (bytes: Uint8Array): RecordChunk => ({ bytes, source: '/data/x.json', firstRecord: 7 });
  const numeric = new Set(['n']);

  it('gives the same frames and errors as JSON.parse on random lines', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const bytes = adversarialJsonLines(seed, 200);
      for (const signature of signaturesOf(ADVERSARIAL_KEYS, numeric)) {
        expectSameAsJsonParse(chunk(bytes), { type: 'json' }, signature);
        expectSameAsJsonParse(chunk(bytes), { type: 'json' }, signature, { partialRows: { dimensions: ['s', 'n'] }, rowRecords: true });
      }
    }
  }, 60_000);

  it('reports rows whose numeric values do not convert (processedWithError) as JSON.parse does, in Druid words', () => {
    const lines = ['{"d":"1","m":"2.5"}', '{"d":"x","m":"y"}', '{"d":true,"m":[1,2]}', 'oops', '{"d":["7"],"m":null}', '{"d":"", "m":{"k":1}}'];
    const signature: RowSignature = [
      { name: 'd', type: 'LONG' },
      { name: 'm', type: 'DOUBLE' },
    ];
    const parsed = expectSameAsJsonParse(chunk(new TextEncoder().encode(lines.join('\n'))), { type: 'json' }, signature, { partialRows: { dimensions: ['d'] } });
    expect(frameToRows(parsed.frame)).toEqual([
      [1, 2.5],
      [null, null],
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(parsed.partialRowErrors).toEqual([
      { row: 1, source: '/data/x.json', recordNumber: 8, input: lines[1], details: ['could not convert value [x] to long', 'Unable to parse value[y] for field[m]'] },
      {
        row: 2,
        source: '/data/x.json',
        recordNumber: 9,
        input: lines[2],
        details: ['Could not convert value [true] to long. Invalid type: [boolean]', 'Could not ingest value [1, 2] as double. A double column cannot have multiple values in the same row.'],
      },
      { row: 3, source: '/data/x.json', recordNumber: 11, input: lines[4], details: ['Could not ingest value [7] as long. A long column cannot have multiple values in the same row.'] },
      { row: 4, source: '/data/x.json', recordNumber: 12, input: lines[5], details: ['could not convert value [] to long', 'Unknown type[object] for field[m]'] },
    ]);
    // Without the option (SQL tasks) nothing is reported.
    expect(parseRecordChunk(chunk(new TextEncoder().encode(lines.join('\n'))), { type: 'json' }, signature).partialRowErrors).toBeUndefined();
  });

  it('reads root flattenSpec fields, several columns sharing one key', () => {
    const bytes = adversarialJsonLines(77, 300);
    const flattenSpec = { useFieldDiscovery: false, fields: [{ type: 'root', name: 'copy', expr: 's' }, 'n', { type: 'root', name: 'q2', expr: 'q' }] };
    const signature: RowSignature = [
      { name: 's', type: 'STRING' },
      { name: 'copy', type: 'STRING' },
      { name: 'n', type: 'LONG' },
      { name: 'q2', type: 'DOUBLE' },
      { name: 'q', type: 'STRING' },
    ];
    expectSameAsJsonParse(chunk(bytes), { type: 'json', flattenSpec }, signature);
  });

  it('reports bad lines and reads multi-value rows and null bytes exactly as JSON.parse does', () => {
    const text = ['{"s":"a","m":["x","y"]}', '', '{"s":"\\u0000"}', '{"s":[{"k":1}]}', 'oops', '{"s":"b","m":"z"}'].join('\n');
    const parsed = expectSameAsJsonParse(chunk(new TextEncoder().encode(text)), { type: 'json' }, [
      { name: 's', type: 'STRING' },
      { name: 'm', type: 'STRING' },
    ]);
    expect(frameToRows(parsed.frame)).toEqual([
      ['a', ['x', 'y']],
      ['\u0000', null],
      ['b', 'z'],
    ]);
    expect(parsed.errors.map((e) => [e.code, e.recordNumber])).toEqual([
      ['CannotParseExternalData', 8],
      ['CannotParseExternalData', 10],
      ['CannotParseExternalData', 11],
    ]);
  });

  it('leaves formats it cannot honour to the JSON.parse path', () => {
    const format = (spec: Record<string, unknown>) => resolveInputFormat({ type: 'json', ...spec }) as JsonInputFormat;
    const bytes = new TextEncoder().encode('{"a":{"b":1}}');
    const c = chunk(bytes);
    const strings: RowSignature = [{ name: 'a', type: 'STRING' }];
    expect(scanJsonChunk(c, format({ featureSpec: { ALLOW_COMMENTS: true } }), strings, {})).toBeNull();
    expect(scanJsonChunk(c, format({ flattenSpec: { fields: [{ type: 'path', name: 'a', expr: '$.a.b' }] } }), strings, {})).toBeNull();
    expect(scanJsonChunk(c, format({}), [{ name: 'a', type: 'COMPLEX<json>' }], {})).toBeNull();
    expect(scanJsonChunk(c, format({}), [{ name: '\uD800', type: 'STRING' }], {})).toBeNull();
    expect(frameToRows(parseRecordChunk(c, { type: 'json', flattenSpec: { fields: [{ type: 'path', name: 'a', expr: '$.a.b' }] } }, [{ name: 'a', type: 'LONG' }]).frame)).toEqual([[1]]);
  });
});
