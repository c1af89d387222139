import { type RowSignature, formatInstant } from '@silt/common';
import type { SqlQueryBody } from './schemas.ts';

/** A serialized SQL result: body and content type. */
export interface FormattedResult {
  readonly contentType: string;
  readonly body: string;
}

/**
 * Serializes rows in one of Druid's SQL result formats (object, array, objectLines, arrayLines,
 * csv), with the optional header rows (`header`, `typesHeader`, `sqlTypesHeader`). TIMESTAMP
 * values print as ISO-8601 strings, as Druid prints them.
 */
export function formatResult(signature: RowSignature, sqlTypes: readonly string[], rows: readonly unknown[][], opts: Pick<SqlQueryBody, 'resultFormat' | 'header' | 'typesHeader' | 'sqlTypesHeader'>): FormattedResult {
  const names = signature.map((c) => c.name);
  const values = rows.map((row) => row.map((v, i) => (sqlTypes[i] === 'TIMESTAMP' && typeof v === 'number' ? formatInstant(v) : v)));
  const types = signature.map((c) => c.type);
  switch (opts.resultFormat) {
    case 'object':
    case 'objectLines': {
      const objects: unknown[] = values.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i] ?? null])));
      if (opts.header) {
        objects.unshift(
          Object.fromEntries(
            names.map((n, i) => [n, opts.typesHeader || opts.sqlTypesHeader ? { ...(opts.typesHeader ? { type: types[i] } : {}), ...(opts.sqlTypesHeader ? { sqlType: sqlTypes[i] } : {}) } : null]),
          ),
        );
      }
      return opts.resultFormat === 'object' ? json(objects) : lines(objects);
    }
    case 'array':
    case 'arrayLines': {
      const arrays: unknown[][] = values.map((row) => row.map((v) => v ?? null));
      const headers = headerRows(names, types, sqlTypes, opts);
      return opts.resultFormat === 'array' ? json([...headers, ...arrays]) : lines([...headers, ...arrays]);
    }
    case 'csv': {
      const body = [...headerRows(names, types, sqlTypes, opts), ...values].map((row) => row.map(csvField).join(',')).join('\n');
      return { contentType: 'text/csv', body: `${body}\n\n` };
    }
  }
}

function headerRows(names: readonly string[], types: readonly string[], sqlTypes: readonly string[], opts: Pick<SqlQueryBody, 'header' | 'typesHeader' | 'sqlTypesHeader'>): unknown[][] {
  if (!opts.header) return [];
  return [[...names], ...(opts.typesHeader ? [[...types]] : []), ...(opts.sqlTypesHeader ? [[...sqlTypes]] : [])];
}

function json(value: unknown): FormattedResult {
  return { contentType: 'application/json', body: JSON.stringify(value) };
}

function lines(values: readonly unknown[]): FormattedResult {
  return { contentType: 'text/plain', body: `${values.map((v) => JSON.stringify(v)).join('\n')}\n\n` };
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
