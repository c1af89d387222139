/** The SQL databases the `sql` input source reads. */
export type SqlDatabaseType = 'postgresql' | 'mysql';

/** Where a JDBC `connectURI` points. */
export interface JdbcTarget {
  readonly host: string;
  readonly port: number;
  /** Database (PostgreSQL) or schema (MySQL) name; empty when the URI names none. */
  readonly database: string;
  /** The URI's query parameters, e.g. `sslmode=require`. */
  readonly params: Readonly<Record<string, string>>;
}

const SCHEMES: Record<SqlDatabaseType, readonly string[]> = {
  postgresql: ['postgresql'],
  mysql: ['mysql', 'mariadb'],
};

const DEFAULT_PORTS: Record<SqlDatabaseType, number> = { postgresql: 5432, mysql: 3306 };

/**
 * Parses a JDBC connect URI for a database type: `jdbc:postgresql://host[:port][/database][?k=v&…]`,
 * `jdbc:mysql://host[:port][/database][?…]` (also `jdbc:mariadb://`). The port defaults to the
 * database's standard one; IPv6 hosts are written in brackets.
 *
 * @returns the target, or a message saying what is wrong.
 * @example
 * parseJdbcUri('jdbc:postgresql://127.0.0.1:5432/test', 'postgresql');
 * // { host: '127.0.0.1', port: 5432, database: 'test', params: {} }
 */
export function parseJdbcUri(uri: string, type: SqlDatabaseType): JdbcTarget | string {
  const schemes = SCHEMES[type];
  const match = /^jdbc:([a-z0-9]+):\/\/(\[[^\]]+\]|[^/:?]+)(?::(\d+))?(?:\/([^?]*))?(?:\?(.*))?$/i.exec(uri);
  const example = `jdbc:${schemes[0]}://host:port/database`;
  if (!match) return `must look like [${example}]`;
  const [, scheme, host, port, database, query] = match;
  if (!schemes.includes(scheme!.toLowerCase())) return `must start with [jdbc:${schemes.join('://] or [jdbc:')}://] for database type [${type}]`;
  const portNumber = port === undefined ? DEFAULT_PORTS[type] : Number(port);
  if (!(portNumber > 0 && portNumber < 65536)) return `has an invalid port [${port}]`;
  const params: Record<string, string> = {};
  for (const pair of (query ?? '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    params[decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq))] = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1));
  }
  return { host: host!.replace(/^\[|\]$/g, ''), port: portNumber, database: decodeURIComponent(database ?? ''), params };
}
