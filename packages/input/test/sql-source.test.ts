import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { FaultError } from '@silt/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InputSplit, type RecordChunk, effectiveInputFormat, listSplits, readRecordChunks } from '../src/index.ts';
import { readSource } from './support/read-splits.ts';

/** True when something accepts TCP connections at host:port within a second. */
function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const pgUrl = new URL(process.env.SILT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const PG = {
  host: pgUrl.hostname,
  port: Number(pgUrl.port || 5432),
  database: pgUrl.pathname.slice(1) || 'test',
  user: decodeURIComponent(pgUrl.username || 'postgres'),
  password: decodeURIComponent(pgUrl.password),
};
const MARIA = { host: '127.0.0.1', port: 3306, database: 'test', user: 'root', password: '' };

const pgUp = await answers(PG.host, PG.port);
const mariaUp = await answers(MARIA.host, MARIA.port);
if (!pgUp) console.log(`skipping PostgreSQL sql input source tests: nothing answers at ${PG.host}:${PG.port}`);
if (!mariaUp) console.log(`skipping MariaDB sql input source tests: nothing answers at ${MARIA.host}:${MARIA.port}`);

const table = `silt_input_${randomBytes(4).toString('hex')}`;
const MANY = 2500;

const SIGNATURE = [
  { name: 'id', type: 'LONG' },
  { name: 'name', type: 'STRING' },
  { name: 'amount', type: 'DOUBLE' },
  { name: 'created', type: 'LONG' },
] as const;

async function chunksOf(split: InputSplit): Promise<RecordChunk[]> {
  const chunks: RecordChunk[] = [];
  for await (const chunk of readRecordChunks(split, undefined)) chunks.push(chunk);
  return chunks;
}
const text = (chunks: RecordChunk[]) => chunks.map((c) => new TextDecoder().decode(c.bytes)).join('');

describe.skipIf(!pgUp)('sql input source on PostgreSQL', () => {
  const inputSource = (sqls: string[], extra: Record<string, unknown> = {}) => ({
    type: 'sql',
    database: {
      type: 'postgresql',
      connectorConfig: { connectURI: `jdbc:postgresql://${PG.host}:${PG.port}/${PG.database}`, user: PG.user, password: PG.password },
    },
    sqls,
    ...extra,
  });
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client(PG);
    await client.connect();
    await client.query(`CREATE TABLE ${table} (id INT, name TEXT, amount DOUBLE PRECISION, big BIGINT, exact NUMERIC(20,4), created TIMESTAMP, day DATE, at TIMESTAMPTZ, "MixedCase" TEXT, tags TEXT[], doc JSONB, raw BYTEA)`);
    await client.query(`INSERT INTO ${table} VALUES
      (1, 'alpha', 1.5, 9007199254740993, 12345678901234.5678, '2015-09-12 01:02:03.456', '2015-09-12', '2015-09-12T00:00:00+02:00', 'Q', ARRAY['x','y'], '{"a":[1,2]}', '\\x0102ff'),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      (3, 'quote"and\\nnewline', -0.25, -5, 0, '1970-01-01 00:00:00', '1969-12-31', NULL, 'z', '{}', 'null', '')`);
    await client.query(`INSERT INTO ${table} (id, name) SELECT g, 'row ' || g FROM generate_series(100, ${99 + MANY}) g`);
  });
  afterAll(async () => {
    await client?.query(`DROP TABLE IF EXISTS ${table}`);
    await client?.end();
  });

  it('is one split per query, read as JSON lines whatever inputFormat says', async () => {
    const spec = inputSource([`SELECT * FROM ${table} WHERE id < 100 ORDER BY id`, `SELECT id FROM ${table} WHERE id = 100;`]);
    const splits = await listSplits(spec);
    expect(splits.map((s) => [s.source, s.size, (s.inputSource as { sqls: string[] }).sqls])).toEqual([
      [`SELECT * FROM ${table} WHERE id < 100 ORDER BY id`, 0, [`SELECT * FROM ${table} WHERE id < 100 ORDER BY id`]],
      [`SELECT id FROM ${table} WHERE id = 100;`, 0, [`SELECT id FROM ${table} WHERE id = 100;`]],
    ]);
    expect(effectiveInputFormat(splits[0]!.inputSource, undefined)).toEqual({ type: 'json' });
    expect(effectiveInputFormat(splits[0]!.inputSource, { type: 'csv', columns: ['a'] })).toEqual({ type: 'json' });
    const lines = text(await chunksOf(splits[0]!)).split('\n');
    expect(lines[0]).toBe(
      '{"id":1,"name":"alpha","amount":1.5,"big":9007199254740993,"exact":12345678901234.5678,"created":1442019723456,"day":1442016000000,' +
        '"at":1442008800000,"MixedCase":"Q","tags":["x","y"],"doc":{"a":[1,2]},"raw":"AQL/"}',
    );
    expect(lines[1]).toBe('{"id":2,"name":null,"amount":null,"big":null,"exact":null,"created":null,"day":null,"at":null,"MixedCase":null,"tags":null,"doc":null,"raw":null}');
    expect(JSON.parse(lines[2]!)).toEqual({ id: 3, name: 'quote"and\\nnewline', amount: -0.25, big: -5, exact: 0, created: 0, day: -86400000, at: null, MixedCase: 'z', tags: [], doc: null, raw: '' });
    expect(text(await chunksOf(splits[1]!))).toBe('{"id":100}\n');
  });

  it('parses rows with the json format into typed columns, NULLs included', async () => {
    const { rows, errors } = await readSource(inputSource([`SELECT id, name, amount, created FROM ${table} WHERE id < 100 ORDER BY id`]), undefined, [...SIGNATURE]);
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      [1, 'alpha', 1.5, 1442019723456],
      [2, null, null, null],
      [3, 'quote"and\\nnewline', -0.25, 0],
    ]);
  });

  it('streams a result larger than one cursor fetch, and folds column names with foldCase', async () => {
    const spec = inputSource([`SELECT id AS "ID", name AS "Name" FROM ${table} WHERE id >= 100 ORDER BY id`], { foldCase: true });
    const { rows } = await readSource(spec, undefined, [
      { name: 'id', type: 'LONG' },
      { name: 'name', type: 'STRING' },
    ]);
    expect(rows).toHaveLength(MANY);
    expect(rows[0]).toEqual([100, 'row 100']);
    expect(rows.at(-1)).toEqual([99 + MANY, `row ${99 + MANY}`]);
  });

  it('lets the consumer stop early and closes the connection', async () => {
    const [split] = await listSplits(inputSource([`SELECT id, name FROM ${table} ORDER BY id`]));
    for await (const chunk of readRecordChunks(split!, undefined, 100)) {
      expect(chunk.firstRecord).toBe(1);
      break;
    }
    // The server notices the disconnect a moment after the client closes: poll for it.
    let open = -1;
    for (let attempt = 0; attempt < 50 && open !== 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 100));
      open = (await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'silt-sql-input'`)).rows[0].n;
    }
    expect(open).toBe(0);
  });

  it('raises CannotParseExternalData naming the query that fails and the server that does not answer', async () => {
    const bad = await listSplits(inputSource([`SELECT nope FROM ${table}`]));
    const error = await chunksOf(bad[0]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultError);
    expect((error as FaultError).fault.errorMessage).toMatch(new RegExp(`^SQL query failed on postgresql \\[SELECT nope FROM ${table}\\]: column "nope" does not exist`));
    const down = await listSplits({
      type: 'sql',
      database: { type: 'postgresql', connectorConfig: { connectURI: 'jdbc:postgresql://127.0.0.1:1/test', user: 'postgres' } },
      sqls: ['SELECT 1'],
    });
    await expect(chunksOf(down[0]!)).rejects.toThrow('Cannot connect to postgresql database [127.0.0.1:1/test]');
  });
});

describe.skipIf(!mariaUp)('sql input source on MariaDB', () => {
  const inputSource = (sqls: string[], extra: Record<string, unknown> = {}) => ({
    type: 'sql',
    database: { type: 'mysql', connectorConfig: { connectURI: `jdbc:mysql://${MARIA.host}:${MARIA.port}/${MARIA.database}`, user: MARIA.user, password: MARIA.password } },
    sqls,
    ...extra,
  });
  let connection: mysql.Connection;
  beforeAll(async () => {
    connection = await mysql.createConnection(MARIA);
    await connection.query(
      `CREATE TABLE ${table} (id INT, name VARCHAR(100), amount DOUBLE, big BIGINT, exact DECIMAL(20,4), created DATETIME(3), day DATE, Mixed VARCHAR(10), raw VARBINARY(10))`,
    );
    await connection.query(`INSERT INTO ${table} VALUES
      (1, 'alpha', 1.5, 9007199254740993, 12345678901234.5678, '2015-09-12 01:02:03.456', '2015-09-12', 'Q', X'0102ff'),
      (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
      (3, 'ünï', -0.25, -5, 0, '1970-01-01 00:00:00', '1969-12-31', 'z', '')`);
    await connection.query(`INSERT INTO ${table} (id, name) SELECT seq, CONCAT('row ', seq) FROM seq_100_to_${99 + MANY}`);
  });
  afterAll(async () => {
    await connection?.query(`DROP TABLE IF EXISTS ${table}`);
    await connection?.end();
  });

  it('reads rows as JSON lines: exact BIGINT and DECIMAL, timestamps as millis, NULLs', async () => {
    const [split] = await listSplits(inputSource([`SELECT * FROM ${table} WHERE id < 100 ORDER BY id;`]));
    const lines = text(await chunksOf(split!)).split('\n');
    expect(lines[0]).toBe(
      '{"id":1,"name":"alpha","amount":1.5,"big":9007199254740993,"exact":12345678901234.5678,"created":1442019723456,"day":1442016000000,"Mixed":"Q","raw":"AQL/"}',
    );
    expect(lines[1]).toBe('{"id":2,"name":null,"amount":null,"big":null,"exact":null,"created":null,"day":null,"Mixed":null,"raw":null}');
    expect(JSON.parse(lines[2]!)).toEqual({ id: 3, name: 'ünï', amount: -0.25, big: -5, exact: 0, created: 0, day: -86400000, Mixed: 'z', raw: '' });
  });

  it('parses typed rows and streams a large result, with foldCase', async () => {
    const small = await readSource(inputSource([`SELECT id, name, amount, created FROM ${table} WHERE id < 100 ORDER BY id`]), undefined, [...SIGNATURE]);
    expect(small.rows).toEqual([
      [1, 'alpha', 1.5, 1442019723456],
      [2, null, null, null],
      [3, 'ünï', -0.25, 0],
    ]);
    const big = await readSource(inputSource([`SELECT id AS ID, name AS NAME FROM ${table} WHERE id >= 100 ORDER BY id`], { foldCase: true }), undefined, [
      { name: 'id', type: 'LONG' },
      { name: 'name', type: 'STRING' },
    ]);
    expect(big.rows).toHaveLength(MANY);
    expect(big.rows.at(-1)).toEqual([99 + MANY, `row ${99 + MANY}`]);
  });

  it('raises CannotParseExternalData naming a failing query', async () => {
    const [split] = await listSplits(inputSource([`SELECT nope FROM ${table}`]));
    await expect(chunksOf(split!)).rejects.toThrow(new RegExp(`^SQL query failed on mysql \\[SELECT nope FROM ${table}\\]: Unknown column 'nope'`));
  });
});
