import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snappyFramedEncode } from '../../packages/input/test/support/snappy-framed-encoder.ts';
import { type S3TestServer, startS3TestServer } from '../../packages/input/test/support/s3-test-server.ts';
import { removeTempDirs } from '../../packages/input/test/temp-dirs.ts';
import { DATASETS, dataset, useServer } from '../support/server.ts';
import { hasTool } from '../../packages/input/test/support/host-tools.ts';

/** Druid's batch-index rows (3 files, 10 rows) through every input source and compression, over HTTP. */
const first = dataset('druid-batch-index/json/wikipedia_index_data1.json');
const TEXT = first.present ? [1, 2, 3].map((n) => readFileSync(`${DATASETS}/druid-batch-index/json/wikipedia_index_data${n}.json`, 'utf8').trimEnd() + '\n').join('') : '';

const SIGNATURE = JSON.stringify(
  [
    ['timestamp', 'string'],
    ['page', 'string'],
    ['user', 'string'],
    ['added', 'long'],
  ].map(([name, type]) => ({ name, type })),
);
const COLUMNS = '__time, page, "user", added';

async function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.connect(port, host);
  });
}

const pgUp = await answers('127.0.0.1', 5432);
if (!first.present) console.log('skipping input source e2e tests: ../shared/datasets/druid-batch-index is absent');
if (!pgUp) console.log('skipping the sql input source e2e test: nothing answers at 127.0.0.1:5432');

describe.skipIf(!first.present)('input sources and compression through EXTERN', () => {
  const druid = useServer();
  const dir = mkdtempSync(join(tmpdir(), 'silt-inputs-'));
  let expected: unknown[][] = [];

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function ingest(table: string, source: object, format: object = { type: 'json' }): Promise<unknown[][]> {
    const { status } = await druid().run(
      `REPLACE INTO "${table}" OVERWRITE ALL SELECT TIME_PARSE("timestamp") AS __time, page, "user", added FROM TABLE(EXTERN('${JSON.stringify(source)}', '${JSON.stringify(format)}', '${SIGNATURE}')) PARTITIONED BY DAY`,
    );
    expect(status.status, status.errorMsg).toBe('SUCCESS');
    return druid().sql(`SELECT ${COLUMNS} FROM "${table}" ORDER BY __time, page`);
  }

  beforeAll(async () => {
    expected = await ingest('plain', { type: 'local', baseDir: `${DATASETS}/druid-batch-index/json`, filter: 'wikipedia_index_data*.json' });
    expect(expected).toHaveLength(10);
  });

  const CODECS: [string, (file: string) => void, string | null][] = [
    ['gz', (f) => writeFileSync(`${f}.gz`, gzipSync(TEXT)), null],
    ['bz2', (f) => execFileSync('bzip2', ['-k', f]), 'bzip2'],
    ['xz', (f) => execFileSync('xz', ['-k', f]), 'xz'],
    ['zst', (f) => execFileSync('zstd', ['-q', '-k', f, '-o', `${f}.zst`]), 'zstd'],
    ['zip', (f) => execFileSync('zip', ['-q', '-j', `${f}.zip`, f]), 'zip'],
    ['sz', (f) => writeFileSync(`${f}.sz`, snappyFramedEncode(Buffer.from(TEXT))), null],
  ];

  it.each(CODECS)('.%s gives the same rows', async (ext, compress, tool) => {
    if (tool && !hasTool(tool)) {
      console.log(`skipping .${ext}: the ${tool} tool is not installed`);
      return;
    }
    const file = join(dir, `rows-${ext}.json`);
    writeFileSync(file, TEXT);
    compress(file);
    expect(await ingest(`c_${ext}`, { type: 'local', files: [`${file}.${ext}`] })).toEqual(expected);
  });

  it('inline, and combining two local delegates', async () => {
    expect(await ingest('inline', { type: 'inline', data: TEXT })).toEqual(expected);
    // Data file 1 copied beside the test, data files 2 and 3 read in place: one table from two sources.
    writeFileSync(join(dir, 'first.json'), readFileSync(first.path));
    const local = { type: 'local', files: [join(dir, 'first.json')] };
    const remaining = { type: 'local', files: [2, 3].map((n) => `${DATASETS}/druid-batch-index/json/wikipedia_index_data${n}.json`) };
    expect(await ingest('combined', { type: 'combining', delegates: [local, remaining] })).toEqual(expected);
  });

  it('json flattenSpec: path and jq fields beside root fields', async () => {
    const format = {
      type: 'json',
      flattenSpec: {
        useFieldDiscovery: true,
        fields: [
          { type: 'path', name: 'firstTag', expr: '$.tags[0]' },
          { type: 'jq', name: 'lastTag', expr: '.tags[-1]' },
        ],
      },
    };
    const signature = JSON.stringify(['timestamp', 'page', 'firstTag', 'lastTag'].map((name) => ({ name, type: 'string' })));
    const { status } = await druid().run(
      `REPLACE INTO "flat" OVERWRITE ALL SELECT TIME_PARSE("timestamp") AS __time, page, firstTag, lastTag FROM TABLE(EXTERN('${JSON.stringify({ type: 'local', files: [first.path] })}', '${JSON.stringify(format)}', '${signature}')) PARTITIONED BY DAY`,
    );
    expect(status.status, status.errorMsg).toBe('SUCCESS');
    const rows = await druid().sql(`SELECT page, firstTag, lastTag FROM "flat" ORDER BY __time, page LIMIT 2`);
    expect(rows).toEqual([
      ['Gypsy Danger', 't1', 't2'],
      ['Striker Eureka', 't1', 't2'],
    ]);
  });

  it('refuses an input source the input layer cannot read at submission, with 400', async () => {
    const combining = { type: 'combining', delegates: [{ type: 'inline', data: TEXT }] };
    const response = await druid().post('/druid/v2/sql/task', {
      query: `INSERT INTO "refused" SELECT TIME_PARSE("timestamp") AS __time, page FROM TABLE(EXTERN('${JSON.stringify(combining)}', '{"type":"json"}', '${SIGNATURE}')) PARTITIONED BY DAY`,
    });
    expect(response.status).toBe(400);
    expect(response.body.errorMessage).toMatch(/delegates\.0\.type.*inline/);
  });

  it('a missing local file fails the task with CannotParseExternalData and publishes nothing', async () => {
    const { status } = await druid().run(
      `INSERT INTO "missing" SELECT TIME_PARSE("timestamp") AS __time, page FROM TABLE(EXTERN('{"type":"local","files":["${dir}/nope.json"]}', '{"type":"json"}', '${SIGNATURE}')) PARTITIONED BY DAY`,
    );
    expect(status.status).toBe('FAILED');
    expect(status.errorMsg).toMatch(/^CannotParseExternalData: .*nope\.json/);
    expect(await druid().sql(`SELECT COUNT(*) FROM sys.segments WHERE datasource = 'missing'`)).toEqual([[0]]);
  });

  describe('http with basic authentication', () => {
    let server: Server;
    let base = '';
    beforeAll(async () => {
      server = createServer((request, response) => {
        if (request.headers.authorization !== `Basic ${Buffer.from('silt:secret').toString('base64')}`) {
          response.writeHead(401).end();
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end(TEXT);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('reads with a plain or a default password provider', async () => {
      expect(await ingest('http1', { type: 'http', uris: [`${base}/rows.json`], httpAuthenticationUsername: 'silt', httpAuthenticationPassword: 'secret' })).toEqual(expected);
      const provider = { type: 'default', password: 'secret' };
      expect(await ingest('http2', { type: 'http', uris: [`${base}/rows.json`], httpAuthenticationUsername: 'silt', httpAuthenticationPassword: provider })).toEqual(expected);
    });

    it('fails with the HTTP status on a wrong password', async () => {
      const source = { type: 'http', uris: [`${base}/rows.json`], httpAuthenticationUsername: 'silt', httpAuthenticationPassword: 'wrong' };
      const { status } = await druid().run(
        `INSERT INTO "http_denied" SELECT TIME_PARSE("timestamp") AS __time, page FROM TABLE(EXTERN('${JSON.stringify(source)}', '{"type":"json"}', '${SIGNATURE}')) PARTITIONED BY DAY`,
      );
      expect(status.status).toBe('FAILED');
      expect(status.errorMsg).toMatch(/^CannotParseExternalData: .*HTTP status \[401/);
    });
  });

  describe('s3 against a local S3-compatible server', () => {
    let s3: S3TestServer;
    beforeAll(async () => {
      s3 = await startS3TestServer();
      await s3.createBucket('wiki');
      await s3.put('wiki', 'batch/part-1.json', TEXT.split('\n').slice(0, 5).join('\n') + '\n');
      await s3.put('wiki', 'batch/part-2.json.gz', gzipSync(TEXT.split('\n').slice(5).join('\n')));
    });
    afterAll(async () => {
      await s3?.close();
      removeTempDirs();
    });

    it('reads every object under a prefix (compressed ones too)', async () => {
      expect(await ingest('s3', { type: 's3', prefixes: ['s3://wiki/batch/'], ...s3.connection })).toEqual(expected);
    });
  });

  describe.skipIf(!pgUp)('sql on PostgreSQL', () => {
    const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    const table = `silt_e2e_${process.pid}`;
    beforeAll(async () => {
      await client.connect();
      await client.query(`CREATE TABLE ${table} ("timestamp" text, page text, "user" text, added bigint)`);
      for (const line of TEXT.split('\n').filter(Boolean)) {
        const row = JSON.parse(line) as Record<string, unknown>;
        await client.query(`INSERT INTO ${table} VALUES ($1, $2, $3, $4)`, [row['timestamp'], row['page'], row['user'], row['added']]);
      }
    });
    afterAll(async () => {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.end();
    });

    it('reads the rows of a query', async () => {
      const source = {
        type: 'sql',
        database: { type: 'postgresql', connectorConfig: { connectURI: 'jdbc:postgresql://127.0.0.1:5432/test', user: 'postgres', password: '' } },
        sqls: [`SELECT * FROM ${table}`],
      };
      expect(await ingest('pg', source)).toEqual(expected);
    });
  });
});
