import type { ColumnType, RowSignature } from '@silt/common';
import { columnRef, type ColumnRef, type Expr } from '@silt/expr';
import type { SqlColumn } from 'druid-query-toolkit';
import type { SqlSource } from './sql-source.ts';
import { isTimestamp, markTimestamp } from './sql-types.ts';

/** A column a relation offers to the query above it. */
export interface RelationColumn {
  readonly name: string;
  readonly type: ColumnType;
  /** Whether the column is a SQL TIMESTAMP (LONG millis), like `__time`. */
  readonly timestamp: boolean;
}

/** Relation columns for a row signature; `__time` is the timestamp column. */
export function columnsOfSignature(signature: RowSignature): RelationColumn[] {
  return signature.map((c) => ({ name: c.name, type: c.type, timestamp: c.name === '__time' && c.type === 'LONG' }));
}

/** Relation columns for named expressions (a projection's output). */
export function columnsOfExprs(columns: readonly { readonly name: string; readonly expr: Expr }[]): RelationColumn[] {
  return columns.map((c) => ({ name: c.name, type: c.expr.type, timestamp: isTimestamp(c.expr) }));
}

/**
 * The columns visible to an expression: those of the single FROM relation, reachable unqualified or
 * through one of the relation's names (its alias, or its table name). Names are case-sensitive, as in
 * Druid.
 */
export class Scope {
  readonly columns: readonly RelationColumn[];
  readonly qualifiers: readonly string[];

  constructor(columns: readonly RelationColumn[], qualifiers: readonly string[] = []) {
    this.columns = columns;
    this.qualifiers = qualifiers;
  }

  /** The column named `name`, if any. */
  find(name: string): RelationColumn | undefined {
    return this.columns.find((c) => c.name === name);
  }

  /** Whether a column reference resolves here (ignoring a wrong qualifier). */
  has(node: SqlColumn): boolean {
    return this.find(node.getName()) !== undefined;
  }

  /** A reference to column `column`, marked as a timestamp when it is one. */
  ref(column: RelationColumn): ColumnRef {
    const ref = columnRef(column.name, column.type);
    return column.timestamp ? markTimestamp(ref) : ref;
  }

  /** Resolves a column reference of the query, with Calcite's errors for unknown tables and columns. */
  resolve(node: SqlColumn, source: SqlSource): ColumnRef {
    const name = node.getName();
    const qualifier = node.getTableName();
    if (qualifier !== undefined && !this.qualifiers.includes(qualifier)) {
      throw source.errorAt(`Table '${qualifier}' not found`, node);
    }
    const column = this.find(name);
    if (!column) {
      throw source.errorAt(qualifier === undefined ? `Column '${name}' not found in any table` : `Column '${name}' not found in table '${qualifier}'`, node);
    }
    return this.ref(column);
  }
}
