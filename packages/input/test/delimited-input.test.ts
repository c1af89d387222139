import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RowSignature } from '@silt/common';
import { FaultError } from '@silt/common';
import { frameToRows } from '@silt/frame';
import { afterAll, describe, expect, it } from 'vitest';
import { listSplits, parseRecordChunk, readRecordChunks } from '../src/index.ts';
import { readAll } from './read-all.ts';
import { makeTempDir, removeTempDirs } from './temp-dirs.ts';

afterAll(removeTempDirs);

const BATCH_INDEX = '/work/shared/datasets/druid-batch-index';
const WIKI_COLUMNS = 'timestamp,page,language,user,unpatrolled,newPage,robot,anonymous,namespace,continent,country,region,city,added,deleted,delta'.split(',');

const SIGNATURE: RowSignature = [
  { name: 'timestamp', type: 'STRING' },
  { name: 'page', type: 'STRING' },
  { name: 'added', type: 'LONG' },
  { name: 'delta', type: 'DOUBLE' },
];

const WIKIPEDIA_SAMPLED = '/work/shared/datasets/druid-msq-test/wikipedia-sampled.json';

function absent(path: string): boolean {
  if (existsSync(path)) return false;
  console.log(`skipping: ${path} is absent`);
  return true;
}

function tempFile(name: string, content: string | Uint8Array): string {
  const dir = makeTempDir();
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** Parses CSV/TSV text given inline, as one chunk. */
async function readInline(data: string, inputFormat: Record<string, unknown>, signature: RowSignature, targetBytes?: number) {
  return readAll({ type: 'inline', data }, inputFormat, signature, targetBytes);
}

describe.skipIf(absent(BATCH_INDEX))('Druid batch-index wikipedia data in json, csv and tsv', () => {
  const local = (format: string, filter: string) => ({ type: 'local', baseDir: path.join(BATCH_INDEX, format), filter });

  it('reads the same 10 rows in all three formats', async () => {
    const json = await readAll(local('json', 'wikipedia_index_data*.json'), { type: 'json' }, SIGNATURE);
    const csv = await readAll(local('csv', '*.csv'), { type: 'csv', findColumnsFromHeader: true }, SIGNATURE);
    const tsv = await readAll(local('tsv', '*.tsv'), { type: 'tsv', columns: WIKI_COLUMNS, skipHeaderRows: 1 }, SIGNATURE);
    expect(json.rows).toHaveLength(10);
    expect(json.rows[0]).toEqual(['2013-08-31T01:02:33Z', 'Gypsy Danger', 57, -143]);
    expect(json.rows[3]).toEqual(['2013-08-31T11:58:39Z', 'Crimson Typhoon', 905, 900]);
    expect(csv.rows).toEqual(json.rows);
    expect(tsv.rows).toEqual(json.rows);
    expect([json.errors, csv.errors, tsv.errors]).toEqual([[], [], []]);
  });

  it('numbers records from the start of the file, header included', async () => {
    const csv = await readAll(local('csv', '*.csv'), { type: 'csv', findColumnsFromHeader: true }, SIGNATURE);
    expect(csv.chunks.map((c) => c.firstRecord)).toEqual([2, 2, 2]);
    expect(csv.chunks[0]!.columns).toEqual(WIKI_COLUMNS);
  });
});

describe('csv', () => {
  const signature: RowSignature = [
    { name: 'id', type: 'LONG' },
    { name: 'text', type: 'STRING' },
    { name: 'n', type: 'DOUBLE' },
  ];

  it('reads quoted fields with delimiters, escaped quotes and newlines', async () => {
    const data = 'id,text,n\n1,"a, b",1.5\n2,"say ""hi""",2\n3,"line1\nline2\r\nline3",3\r\n4,plain,4';
    const { rows, errors, chunks } = await readInline(data, { type: 'csv', findColumnsFromHeader: true }, signature);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      [1, 'a, b', 1.5],
      [2, 'say "hi"', 2],
      [3, 'line1\nline2\r\nline3', 3],
      [4, 'plain', 4],
    ]);
    expect(chunks[0]!.firstRecord).toBe(2);
  });

  it('never cuts a chunk inside a quoted field', async () => {
    const records = Array.from({ length: 500 }, (_, i) => `${i},"multi\nline, ""quoted""\n${'x'.repeat(i % 37)}",${i}.5`);
    const data = `id,text,n\n${records.join('\n')}\n`;
    const file = tempFile('quoted.csv', data);
    const { rows, errors, chunks } = await readAll({ type: 'local', files: [file] }, { type: 'csv', findColumnsFromHeader: true }, signature, 300);
    expect(errors).toEqual([]);
    expect(chunks.length).toBeGreaterThan(50);
    expect(rows).toHaveLength(500);
    rows.forEach((row, i) => expect(row).toEqual([i, `multi\nline, "quoted"\n${'x'.repeat(i % 37)}`, i + 0.5]));
    let next = 2;
    for (const chunk of chunks) {
      expect(chunk.firstRecord).toBe(next);
      next += parseRecordChunk(chunk, { type: 'csv', findColumnsFromHeader: true }, signature).records;
    }
  });

  it('reads empty fields as null and quoted empty fields as empty strings', async () => {
    const { rows } = await readInline('1,,\n2,"",\n,x\n\n', { type: 'csv', columns: ['id', 'text', 'n'] }, signature);
    expect(rows).toEqual([
      [1, null, null],
      [2, '', null],
      [null, 'x', null],
      [null, null, null],
    ]);
  });

  it('reports rows with numeric fields that do not convert when asked (native processedWithError), keeping them', () => {
    const bytes = new TextEncoder().encode('1,a,2\nx,b,\n3,c,1.5e\n');
    const chunk = { bytes, source: '/data/t.csv', firstRecord: 2 };
    const parsed = parseRecordChunk(chunk, { type: 'csv', columns: ['id', 'text', 'n'] }, signature, { partialRows: { dimensions: ['id'] } });
    expect(frameToRows(parsed.frame)).toEqual([
      [1, 'a', 2],
      [null, 'b', null],
      [3, 'c', null],
    ]);
    expect(parsed.partialRowErrors).toEqual([
      { row: 1, source: '/data/t.csv', recordNumber: 3, input: 'x,b,', details: ['could not convert value [x] to long'] },
      { row: 2, source: '/data/t.csv', recordNumber: 4, input: '3,c,1.5e', details: ['Unable to parse value[1.5e] for field[n]'] },
    ]);
  });

  it('reads characters after a closing quote as Druid does, and reports unterminated quotes', async () => {
    // After `"bad"` no quote is followed by the delimiter, so the field runs to the end of the record.
    const { rows, errors } = await readInline('1,"ok",1\n2,"bad"x,2\n3,"open,3\n4,x,4\n', { type: 'csv', columns: ['id', 'text', 'n'] }, signature);
    expect(rows).toEqual([
      [1, 'ok', 1],
      [2, 'bad"x,2', null],
    ]);
    expect(errors.map((e) => [e.recordNumber, e.excerpt])).toEqual([[3, '3,"open,3\n4,x,4\n']]);
  });

  it('splits fields holding quotes as Druid (opencsv) does', async () => {
    const columns = ['a', 'b', 'c', 'd'];
    const sig: RowSignature = columns.map((name) => ({ name, type: 'STRING' }));
    const read = async (line: string) => (await readInline(`${line}\n`, { type: 'csv', columns }, sig)).rows;
    // A quote inside an unquoted field is a character; `""` in it reads as `"`.
    expect(await read('a"b,c""d,x')).toEqual([['a"b', 'c"d', 'x', null]]);
    // A field starting with a quote ends at a delimiter right after a quote that leaves the quotes.
    expect(await read('{"a":1,"b":"x","c":2,"d":"p, q"}')).toEqual([['{"a":1', 'b":"x', 'c":2,"d":"p, q"}', null]]);
    expect(await read('"say ""hi""",2,"",')).toEqual([['say "hi"', '2', '', null]]);
  });

  it.skipIf(absent(WIKIPEDIA_SAMPLED))("reads Druid's wikipedia-sampled.json as CSV: a header and 19 rows", async () => {
    const { rows, errors } = await readAll({ type: 'local', files: [WIKIPEDIA_SAMPLED] }, { type: 'csv', findColumnsFromHeader: true }, [{ name: 'timestamp', type: 'STRING' }]);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(19);
  });

  it('splits multi-value fields on listDelimiter into an object column', async () => {
    const sig: RowSignature = [
      { name: 'tags', type: 'STRING' },
      { name: 'n', type: 'LONG' },
    ];
    const { rows } = await readInline('a|b,1\nc,2\n', { type: 'csv', columns: ['tags', 'n'], listDelimiter: '|' }, sig);
    expect(rows).toEqual([
      [['a', 'b'], 1],
      ['c', 2],
    ]);
    const defaults = await readInline('a\u0001b,1\n', { type: 'csv', columns: ['tags', 'n'] }, sig);
    expect(defaults.rows).toEqual([[['a', 'b'], 1]]);
  });

  it('reads numbers into STRING columns as text unless tryParseNumbers is set', async () => {
    const sig: RowSignature = [{ name: 's', type: 'STRING' }];
    expect((await readInline('007\n1.50\n', { type: 'csv', columns: ['s'] }, sig)).rows).toEqual([['007'], ['1.50']]);
    expect((await readInline('007\n1.50\n', { type: 'csv', columns: ['s'], tryParseNumbers: true }, sig)).rows).toEqual([['7'], ['1.5']]);
  });

  it('skips header rows before reading the header, names empty headers, and rejects duplicates', async () => {
    const sig: RowSignature = [
      { name: 'a', type: 'STRING' },
      { name: 'column_2', type: 'STRING' },
    ];
    const read = await readInline('junk\nmore junk\na,\nx,y\n', { type: 'csv', findColumnsFromHeader: true, skipHeaderRows: 2 }, sig);
    expect(read.rows).toEqual([['x', 'y']]);
    expect(read.chunks[0]!.firstRecord).toBe(4);
    await expect(readInline('a,a\n1,2\n', { type: 'csv', findColumnsFromHeader: true }, sig)).rejects.toThrow(/Duplicate column entries found : \[a\]/);
  });

  it('reads nothing from a file that holds only the header, and drops a byte-order mark', async () => {
    const sig: RowSignature = [{ name: 'a', type: 'STRING' }];
    expect((await readInline('a\n', { type: 'csv', findColumnsFromHeader: true }, sig)).chunks).toEqual([]);
    const file = tempFile('bom.csv', '\ufeffa\nx\n');
    expect((await readAll({ type: 'local', files: [file] }, { type: 'csv', findColumnsFromHeader: true }, sig)).rows).toEqual([['x']]);
  });
});

describe('tsv and delimited', () => {
  const signature: RowSignature = [
    { name: 'a', type: 'STRING' },
    { name: 'b', type: 'STRING' },
  ];

  it('splits on tabs with no quoting, empty fields null, CRLF line ends', async () => {
    const { rows } = await readInline('"x"\t\r\n\ty\r\nonly\n', { type: 'tsv', columns: ['a', 'b'] }, signature);
    expect(rows).toEqual([
      ['"x"', null],
      [null, 'y'],
      ['only', null],
    ]);
  });

  it('does not treat quotes specially when cutting chunks', async () => {
    const data = Array.from({ length: 100 }, (_, i) => `"${i}\tq`).join('\n');
    const { rows, chunks } = await readInline(data, { type: 'tsv', columns: ['a', 'b'] }, signature, 50);
    expect(chunks.length).toBeGreaterThan(10);
    expect(rows).toHaveLength(100);
    expect(rows[99]).toEqual(['"99', 'q']);
  });

  it('accepts a custom (multi-character) delimiter and the type name "delimited"', async () => {
    const { rows } = await readInline('h1||h2\n1||2\n', { type: 'delimited', delimiter: '||', findColumnsFromHeader: true }, [
      { name: 'h2', type: 'LONG' },
      { name: 'h1', type: 'STRING' },
    ]);
    expect(rows).toEqual([[2, '1']]);
  });

  it('streams a gzipped tsv file', async () => {
    const { gzipSync } = await import('node:zlib');
    const file = tempFile('data.tsv.gz', gzipSync('a\tb\n1\t2\n3\t4\n'));
    const [split] = await listSplits({ type: 'local', files: [file] });
    const chunks = [];
    for await (const chunk of readRecordChunks(split!, { type: 'tsv', findColumnsFromHeader: true })) chunks.push(chunk);
    expect(chunks).toHaveLength(1);
    expect(frameToRows(parseRecordChunk(chunks[0]!, { type: 'tsv', findColumnsFromHeader: true }, signature).frame)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });
});

describe('a fault, not a parse error, for input that cannot be read', () => {
  it('reports a corrupt gzip file', async () => {
    const file = tempFile('broken.json.gz', new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8]));
    const error = await readAll({ type: 'local', files: [file] }, { type: 'json' }, [{ name: 'a', type: 'STRING' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultError);
    expect((error as FaultError).fault.errorCode).toBe('CannotParseExternalData');
    expect((error as FaultError).message).toContain(`Cannot decompress [${file}]`);
  });
});
