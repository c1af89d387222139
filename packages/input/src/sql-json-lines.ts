/** A numeric value a driver returns as text (PostgreSQL BIGINT/NUMERIC, MySQL BIGINT/DECIMAL), kept exact. */
export class SqlNumberText {
  constructor(readonly text: string) {}
}

/** Rows of one SQL query as they stream from the database: column names, then batches of value arrays. */
export interface SqlRowBatches {
  /** Column names in result order (filled in before the first batch). */
  readonly columns: () => readonly string[];
  /** Batches of rows, each row's values in column order. */
  readonly batches: AsyncIterable<readonly unknown[][]>;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const PIECE_BYTES = 64 * 1024;

/**
 * Rows as newline-delimited JSON objects (one per row, keys in column order, `foldCase` lower-casing
 * the keys), encoded as UTF-8 in pieces of about 64 KiB. Values become JSON as Druid's SQL input
 * source writes them: numbers as numbers (exact digits for BIGINT and DECIMAL), timestamps and dates
 * as epoch milliseconds, binary as base64 strings, arrays as arrays, JSON columns as nested JSON,
 * NaN and infinities as null.
 *
 * @example
 * for await (const piece of sqlJsonLines(rows, false)) chunker.append(piece);
 */
export async function* sqlJsonLines(rows: SqlRowBatches, foldCase: boolean): AsyncIterable<Uint8Array> {
  const encoder = new TextEncoder();
  let keys: string[] | undefined;
  let text = '';
  for await (const batch of rows.batches) {
    keys ??= rows.columns().map((c) => `${JSON.stringify(foldCase ? c.toLowerCase() : c)}:`);
    for (const row of batch) {
      let line = '{';
      for (let i = 0; i < keys.length; i++) line += `${i > 0 ? ',' : ''}${keys[i]}${jsonValue(row[i])}`;
      text += `${line}}\n`;
      if (text.length >= PIECE_BYTES) {
        yield encoder.encode(text);
        text = '';
      }
    }
  }
  if (text) yield encoder.encode(text);
}

/** The JSON text of one SQL value. */
function jsonValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    default:
      break;
  }
  if (value instanceof SqlNumberText) return JSON_NUMBER.test(value.text) ? value.text : JSON.stringify(value.text);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'null' : String(value.getTime());
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64'));
  if (Array.isArray(value)) return `[${value.map(jsonValue).join(',')}]`;
  return JSON.stringify(value);
}

/** The query without trailing semicolons (a cursor declaration cannot take them; mysql2 would see two statements). */
export function stripSemicolons(sql: string): string {
  return sql.trim().replace(/(?:\s*;)+$/, '');
}
