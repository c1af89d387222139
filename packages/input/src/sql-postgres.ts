import pg from 'pg';
import type { JdbcTarget } from './jdbc-uri.ts';
import { cannotReadInput } from './input-faults.ts';
import { SqlNumberText, type SqlRowBatches, stripSemicolons } from './sql-json-lines.ts';

/** Rows fetched per round trip from the server-side cursor. */
export const POSTGRES_FETCH_ROWS = 1000;

/** `application_name` of the connections (visible in `pg_stat_activity`). */
export const POSTGRES_APPLICATION_NAME = 'silt-sql-input';

const CURSOR = 'silt_sql_input';
const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114 } as const;

/**
 * Type parsers for the query: BIGINT and NUMERIC stay exact (as text), and the zone-less TIMESTAMP and
 * DATE are read as UTC (node-postgres would read them in the process's time zone).
 */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === OID.int8 || oid === OID.numeric) return (text: string) => new SqlNumberText(text);
    if (oid === OID.timestamp) return (text: string) => utcMillis(text.replace(' ', 'T'));
    if (oid === OID.date) return (text: string) => utcMillis(`${text}T00:00:00`);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

/**
 * Streams the rows of one query from PostgreSQL through a server-side cursor (`DECLARE … CURSOR` in a
 * read-only transaction, then `FETCH` {@link POSTGRES_FETCH_ROWS} rows at a time), so the result is
 * never held whole. The query must be one a cursor can run (SELECT, VALUES, TABLE, WITH … SELECT).
 * The connection is closed when the rows are exhausted or the consumer stops early.
 *
 * @throws FaultError (CannotParseExternalData) naming the server for a failed connection and the query
 *   for a failed query.
 */
export function postgresRows(target: JdbcTarget, user: string | undefined, password: string | undefined, sql: string): SqlRowBatches {
  let columns: string[] = [];
  async function* batches(): AsyncIterable<unknown[][]> {
    const ssl = target.params.ssl === 'true' || ['require', 'verify-ca', 'verify-full'].includes(target.params.sslmode ?? '');
    const client = new pg.Client({
      host: target.host,
      port: target.port,
      database: target.database || undefined,
      user,
      password,
      application_name: POSTGRES_APPLICATION_NAME,
      ssl: ssl ? { rejectUnauthorized: target.params.sslmode === 'verify-full' || target.params.sslmode === 'verify-ca' } : false,
    });
    client.on('error', () => {
      // A connection error surfaces through the pending query; this only keeps it from being unhandled.
    });
    const where = `${target.host}:${target.port}/${target.database}`;
    try {
      await client.connect();
    } catch (error) {
      throw cannotReadInput(`Cannot connect to postgresql database [${where}]: ${(error as Error).message}`);
    }
    try {
      await client.query('BEGIN READ ONLY');
      await query(client, `DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${stripSemicolons(sql)}`, sql);
      for (;;) {
        const result = await query(client, `FETCH FORWARD ${POSTGRES_FETCH_ROWS} FROM ${CURSOR}`, sql);
        columns = result.fields.map((f) => f.name);
        if (result.rows.length > 0) yield result.rows;
        if (result.rows.length < POSTGRES_FETCH_ROWS) break;
      }
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }
  return { columns: () => columns, batches: batches() };
}

async function query(client: pg.Client, text: string, sql: string): Promise<pg.QueryArrayResult> {
  try {
    return await client.query({ text, rowMode: 'array', types: TYPES });
  } catch (error) {
    throw cannotReadInput(`SQL query failed on postgresql [${sql}]: ${(error as Error).message}`);
  }
}

function utcMillis(iso: string): number | null {
  const millis = Date.parse(`${iso}Z`);
  return Number.isNaN(millis) ? null : millis;
}
