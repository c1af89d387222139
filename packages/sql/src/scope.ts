import type { ColumnType, RowSignature } from '@silt/common';
import { columnRef, type ColumnRef, type Expr } from '@silt/expr';
import { SqlColumn } from 'druid-query-toolkit';
import type { SqlSource } from './sql-source.ts';
import { isTimestamp, markTimestamp } from './sql-types.ts';

/** A column a relation offers to the query above it: a column of the relation plan's signature. */
export interface RelationColumn {
  readonly name: string;
  readonly type: ColumnType;
  /** Whether the column is a SQL TIMESTAMP (LONG millis), like `__time`. */
  readonly timestamp: boolean;
}

/**
 * How the query sees one relation column: by `name` (its SQL name, which for a renamed join column
 * differs from the physical `column.name`), optionally qualified by one of `qualifiers` (the
 * relation's alias or table name).
 */
export interface ScopeEntry {
  readonly column: RelationColumn;
  readonly name: string;
  readonly qualifiers: readonly string[];
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
 * The columns visible to an expression: those of the FROM relation (one table, or the columns of a
 * join, each side under its own qualifiers). Names are case-sensitive, as in Druid.
 */
export class Scope {
  readonly entries: readonly ScopeEntry[];

  /** A scope over explicit entries (for a join, those of both sides). */
  constructor(entries: readonly ScopeEntry[]) {
    this.entries = entries;
  }

  /** A scope over one relation's columns, all reachable through `qualifiers`. */
  static of(columns: readonly RelationColumn[], qualifiers: readonly string[] = []): Scope {
    return new Scope(columns.map((column) => ({ column, name: column.name, qualifiers })));
  }

  /** The physical columns, in relation order. */
  get columns(): readonly RelationColumn[] {
    return this.entries.map((e) => e.column);
  }

  /** Every qualifier some column can be reached through. */
  get qualifiers(): readonly string[] {
    return [...new Set(this.entries.flatMap((e) => e.qualifiers))];
  }

  /** The column an unqualified `name` denotes (the first, if ambiguous), if any. */
  find(name: string): RelationColumn | undefined {
    return (this.entries.find((e) => e.name === name) ?? this.entries.find((e) => e.column.name === name))?.column;
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

  /** Resolves a column reference of the query, with Calcite's errors for unknown tables and ambiguous or unknown columns. */
  resolve(node: SqlColumn, source: SqlSource): ColumnRef {
    const name = node.getName();
    const qualifier = node.getTableName();
    if (qualifier !== undefined && !this.qualifiers.includes(qualifier)) {
      throw source.errorAt(`Table '${qualifier}' not found`, node);
    }
    const candidates = this.entries.filter((e) => e.name === name && (qualifier === undefined || e.qualifiers.includes(qualifier)));
    if (candidates.length > 1 && qualifier === undefined) throw source.errorAt(`Column '${name}' is ambiguous`, node);
    const column = candidates[0]?.column ?? (qualifier === undefined ? this.entries.find((e) => e.column.name === name)?.column : undefined);
    if (!column) {
      throw source.errorAt(qualifier === undefined ? `Column '${name}' not found in any table` : `Column '${name}' not found in table '${qualifier}'`, node);
    }
    return this.ref(column);
  }

  /**
   * The columns `*` (or `qualifier.*`) stands for: output names are the physical column names, and
   * each node references exactly its column. Undefined when `qualifier` names no relation.
   */
  star(qualifier?: string): { name: string; node: SqlColumn }[] | undefined {
    if (qualifier !== undefined && !this.qualifiers.includes(qualifier)) return undefined;
    return this.entries
      .filter((e) => qualifier === undefined || e.qualifiers.includes(qualifier))
      .map((e) => {
        const unique = this.entries.filter((o) => o.name === e.name).length === 1;
        const via = qualifier ?? (unique ? undefined : e.qualifiers[0]);
        return { name: e.column.name, node: via === undefined ? SqlColumn.create(unique ? e.name : e.column.name) : SqlColumn.create(e.name, via) };
      });
  }
}
