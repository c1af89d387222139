import mysql from 'mysql2';
import type { JdbcTarget } from './jdbc-uri.ts';
import { cannotReadInput } from './input-faults.ts';
import { SqlNumberText, type SqlRowBatches, stripSemicolons } from './sql-json-lines.ts';

/** Rows buffered by the result stream before the socket is paused (backpressure). */
export const MYSQL_STREAM_ROWS = 1000;

const EXACT_NUMBERS = new Set(['LONGLONG', 'NEWDECIMAL', 'DECIMAL']);

/**
 * Reads BIGINT and DECIMAL as exact text and DATE as UTC midnight; everything else as mysql2 does
 * (DATETIME and TIMESTAMP as UTC through the connection's `timezone: 'Z'`).
 */
const typeCast: mysql.TypeCast = (field, next) => {
  if (EXACT_NUMBERS.has(field.type)) {
    const text = field.string();
    return text === null ? null : new SqlNumberText(text);
  }
  if (field.type === 'DATE' || field.type === 'NEWDATE') {
    const text = field.string();
    const millis = text === null ? NaN : Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(millis) ? null : millis;
  }
  return next();
};

/**
 * Streams the rows of one query from MySQL or MariaDB: mysql2's result stream delivers rows as they
 * arrive and pauses the socket while {@link MYSQL_STREAM_ROWS} rows wait, so the result is never held
 * whole. The connection is closed when the rows are exhausted or the consumer stops early.
 *
 * @throws FaultError (CannotParseExternalData) naming the server for a failed connection and the query
 *   for a failed query.
 */
export function mysqlRows(target: JdbcTarget, user: string | undefined, password: string | undefined, sql: string): SqlRowBatches {
  let columns: string[] = [];
  async function* batches(): AsyncIterable<unknown[][]> {
    const ssl = target.params.useSSL === 'true' || ['REQUIRED', 'VERIFY_CA', 'VERIFY_IDENTITY'].includes((target.params.sslMode ?? '').toUpperCase());
    const connection = mysql.createConnection({
      host: target.host,
      port: target.port,
      database: target.database || undefined,
      user,
      password,
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: true,
      ...(ssl ? { ssl: { rejectUnauthorized: false } } : {}),
    });
    const where = `${target.host}:${target.port}/${target.database}`;
    try {
      await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      connection.destroy();
      throw cannotReadInput(`Cannot connect to mysql database [${where}]: ${(error as Error).message}`);
    }
    try {
      const running = connection.query({ sql: stripSemicolons(sql), rowsAsArray: true, typeCast });
      running.on('fields', (fields: { name: string }[]) => {
        columns = fields.map((f) => f.name);
      });
      const stream = running.stream({ highWaterMark: MYSQL_STREAM_ROWS });
      let batch: unknown[][] = [];
      try {
        for await (const row of stream as AsyncIterable<unknown[]>) {
          batch.push(row);
          if (batch.length >= MYSQL_STREAM_ROWS) {
            yield batch;
            batch = [];
          }
        }
      } catch (error) {
        throw cannotReadInput(`SQL query failed on mysql [${sql}]: ${(error as Error).message}`);
      }
      if (batch.length > 0) yield batch;
    } finally {
      connection.destroy();
    }
  }
  return { columns: () => columns, batches: batches() };
}
