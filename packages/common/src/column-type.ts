/**
 * Druid column types as they appear in row signatures, reports and INFORMATION_SCHEMA.
 * `STRING` may hold multi-value rows (Druid's multi-value strings).
 */
export type ColumnType = 'STRING' | 'LONG' | 'FLOAT' | 'DOUBLE' | 'COMPLEX<json>' | 'ARRAY<STRING>' | 'ARRAY<LONG>' | 'ARRAY<FLOAT>' | 'ARRAY<DOUBLE>';

/** One column of a row signature. */
export interface ColumnSignature {
  readonly name: string;
  readonly type: ColumnType;
}

/** Ordered columns of a frame, stage output, input or table. */
export type RowSignature = readonly ColumnSignature[];

/** True for LONG, FLOAT and DOUBLE. */
export function isNumericType(type: ColumnType): type is 'LONG' | 'FLOAT' | 'DOUBLE' {
  return type === 'LONG' || type === 'FLOAT' || type === 'DOUBLE';
}

/**
 * Parses the type names EXTERN signatures and EXTEND clauses use (Druid accepts
 * `string`, `long`, `float`, `double`, `json` and the SQL names VARCHAR, BIGINT, …).
 * Returns undefined for an unknown name.
 */
export function parseColumnType(name: string): ColumnType | undefined {
  const upper = name.trim().toUpperCase();
  switch (upper) {
    case 'STRING':
    case 'VARCHAR':
    case 'CHAR':
      return 'STRING';
    case 'LONG':
    case 'BIGINT':
    case 'INTEGER':
    case 'INT':
    case 'SMALLINT':
    case 'TINYINT':
    case 'BOOLEAN':
    case 'TIMESTAMP':
    case 'DATE':
      return 'LONG';
    case 'FLOAT':
    case 'REAL':
      return 'FLOAT';
    case 'DOUBLE':
    case 'DECIMAL':
      return 'DOUBLE';
    case 'JSON':
    case 'COMPLEX<JSON>':
      return 'COMPLEX<json>';
    case 'ARRAY<STRING>':
    case 'VARCHAR ARRAY':
      return 'ARRAY<STRING>';
    case 'ARRAY<LONG>':
    case 'BIGINT ARRAY':
      return 'ARRAY<LONG>';
    case 'ARRAY<FLOAT>':
    case 'FLOAT ARRAY':
      return 'ARRAY<FLOAT>';
    case 'ARRAY<DOUBLE>':
    case 'DOUBLE ARRAY':
      return 'ARRAY<DOUBLE>';
    default:
      return undefined;
  }
}

/** The SQL type name Druid shows for a column type (INFORMATION_SCHEMA, sqlTypesHeader). */
export function sqlTypeName(type: ColumnType, columnName?: string): string {
  if (columnName === '__time') return 'TIMESTAMP';
  switch (type) {
    case 'STRING':
      return 'VARCHAR';
    case 'LONG':
      return 'BIGINT';
    case 'FLOAT':
      return 'FLOAT';
    case 'DOUBLE':
      return 'DOUBLE';
    case 'COMPLEX<json>':
      return 'COMPLEX<json>';
    case 'ARRAY<STRING>':
      return 'VARCHAR ARRAY';
    case 'ARRAY<LONG>':
      return 'BIGINT ARRAY';
    case 'ARRAY<FLOAT>':
      return 'FLOAT ARRAY';
    case 'ARRAY<DOUBLE>':
      return 'DOUBLE ARRAY';
  }
}
