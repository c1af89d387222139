import { invalidInput, parseInstant } from '@silt/common';
import { literal, type Literal } from '@silt/expr';
import type { SqlBase, SqlQuery } from 'druid-query-toolkit';
import { markTimestamp } from './sql-types.ts';

/** A dynamic parameter of a SQL request, as Druid's API takes them: `{ type: 'VARCHAR', value: 'x' }`. */
export interface SqlParameter {
  readonly type: string;
  readonly value: unknown;
}

/** A `LIMIT ?` / `OFFSET ?` of the outermost query, and the 0-based position of its `?` among all placeholders. */
export interface PlaceholderClause {
  readonly clause: 'LIMIT' | 'OFFSET';
  readonly position: number;
}

/** The typed literals bound to a statement's `?` placeholders. */
export interface ParameterBindings {
  /** The literal bound to a `?` node. */
  get(node: SqlBase): Literal | undefined;
  /** The value bound to the outermost query's `LIMIT ?` or `OFFSET ?`, if it has one. */
  clause(clause: PlaceholderClause['clause']): Literal | undefined;
}

/**
 * Binds the request's parameters to the statement's `?` placeholders, in textual order (the
 * outermost query's `LIMIT ?` / `OFFSET ?` included). Throws Druid's error when a placeholder has
 * no value.
 */
export function bindParameters(query: SqlQuery, parameters: readonly SqlParameter[], clauses: readonly PlaceholderClause[] = []): ParameterBindings {
  const placeholders: SqlBase[] = [];
  query.walk((node) => {
    if (node.type === 'placeholder') placeholders.push(node);
    return node;
  });
  const total = placeholders.length + clauses.length;
  const byNode = new Map<SqlBase, Literal>();
  const byClause = new Map<string, Literal>();
  let next = 0;
  for (let position = 0; position < total; position++) {
    const parameter = parameters[position];
    if (!parameter) throw invalidInput(`No value bound for parameter (position [${position + 1}])`);
    const value = parameterLiteral(parameter, position + 1);
    const clause = clauses.find((c) => c.position === position);
    if (clause) byClause.set(clause.clause, value);
    else byNode.set(placeholders[next++]!, value);
  }
  return { get: (node) => byNode.get(node), clause: (clause) => byClause.get(clause) };
}

function parameterLiteral(parameter: SqlParameter, position: number): Literal {
  const type = String(parameter.type).trim().toUpperCase();
  const { value } = parameter;
  const bad = (): never => {
    throw invalidInput(`Parameter at position [${position}] of type [${type}] has an invalid value [${String(value)}]`);
  };
  switch (type) {
    case 'VARCHAR':
    case 'CHAR':
      return literal(value === null || value === undefined ? null : String(value), 'STRING');
    case 'BIGINT':
    case 'INTEGER':
    case 'SMALLINT':
    case 'TINYINT':
      if (value === null || value === undefined) return literal(null, 'LONG');
      return literal(Number.isSafeInteger(Number(value)) && value !== '' ? Number(value) : bad(), 'LONG');
    case 'DOUBLE':
    case 'DECIMAL':
    case 'FLOAT':
    case 'REAL': {
      const columnType = type === 'FLOAT' || type === 'REAL' ? 'FLOAT' : 'DOUBLE';
      if (value === null || value === undefined) return literal(null, columnType);
      return literal(Number.isFinite(Number(value)) && value !== '' ? Number(value) : bad(), columnType);
    }
    case 'BOOLEAN':
      if (value === null || value === undefined) return literal(null, 'LONG');
      if (typeof value === 'boolean') return literal(value ? 1 : 0, 'LONG');
      return /^(true|false)$/i.test(String(value)) ? literal(/^true$/i.test(String(value)) ? 1 : 0, 'LONG') : bad();
    case 'TIMESTAMP':
    case 'DATE': {
      if (value === null || value === undefined) return markTimestamp(literal(null, 'LONG'));
      if (typeof value === 'number') return markTimestamp(literal(Number.isFinite(value) ? value : bad(), 'LONG'));
      try {
        return markTimestamp(literal(parseInstant(String(value)), 'LONG'));
      } catch {
        return bad();
      }
    }
    default:
      throw invalidInput(`Unsupported parameter type [${parameter.type}] at position [${position}]`);
  }
}
