import { invalidInput } from '@silt/common';
import { parseJdbcUri } from './jdbc-uri.ts';
import type { InputSplit } from './input-split.ts';
import type { SqlInputSource } from './input-source-spec.ts';
import { resolvePassword } from './password-provider.ts';
import { sqlJsonLines } from './sql-json-lines.ts';
import { mysqlRows } from './sql-mysql.ts';
import { postgresRows } from './sql-postgres.ts';

/**
 * The splits of a `sql` input source: one per query, in order, as Druid runs each query in its own
 * sub-task. A split's `source` is its query and its `inputSource` is the spec narrowed to that one
 * query; `size` is 0, as the result size is not known before the query runs.
 *
 * @example
 * listSqlSplits(spec, rawSpec); // spec.sqls = ['SELECT * FROM a', 'SELECT * FROM b']
 * // two splits, sources 'SELECT * FROM a' and 'SELECT * FROM b'
 */
export function listSqlSplits(spec: SqlInputSource, inputSource: Readonly<Record<string, unknown>>): InputSplit[] {
  return spec.sqls.map((sql) => ({ source: sql, size: 0, inputSource: { ...inputSource, sqls: [sql] } }));
}

/**
 * The rows of a `sql` split (its spec's single query; every query of a spec that has several) as
 * newline-delimited JSON, streamed from the database: the bytes `readRecordChunks` cuts into chunks
 * and `parseRecordChunk` parses with the `json` input format (see `effectiveInputFormat`).
 *
 * @throws FaultError (CannotParseExternalData) for a failed connection or query.
 */
export async function* sqlSplitBytes(spec: SqlInputSource): AsyncIterable<Uint8Array> {
  const { type, connectorConfig } = spec.database;
  const target = parseJdbcUri(connectorConfig.connectURI, type);
  if (typeof target === 'string') throw invalidInput(`Invalid inputSource: field [database.connectorConfig.connectURI]: ${target}`);
  const user = connectorConfig.user ?? undefined;
  const password = connectorConfig.password == null ? undefined : resolvePassword(connectorConfig.password, 'database.connectorConfig.password');
  for (const sql of spec.sqls) {
    const rows = type === 'postgresql' ? postgresRows(target, user, password, sql) : mysqlRows(target, user, password, sql);
    yield* sqlJsonLines(rows, spec.foldCase ?? false);
  }
}
