/**
 * The untyped syntax tree of Druid's native expression language (docs/querying/math-expr.md), as the
 * parser produces it. {@link translateNativeAst} turns it into the typed expr IR.
 */
export type NativeAst = NativeLiteral | NativeIdentifier | NativeUnary | NativeBinary | NativeCall;

/** A literal: a long (`42`), a double (`4.2`, `1e3`), a string (`'x'`) or `null`. */
export interface NativeLiteral {
  readonly kind: 'literal';
  readonly value: string | number | null;
  readonly type: 'LONG' | 'DOUBLE' | 'STRING' | 'NULL';
}

/** A column (or lambda argument) name, bare (`page`) or quoted (`"page name"`). */
export interface NativeIdentifier {
  readonly kind: 'identifier';
  readonly name: string;
}

/** Unary minus or logical NOT. */
export interface NativeUnary {
  readonly kind: 'unary';
  readonly op: '-' | '!';
  readonly operand: NativeAst;
}

/** The binary operators, in Druid's spelling. */
export type NativeBinaryOp = '^' | '*' | '/' | '%' | '+' | '-' | '<' | '<=' | '>' | '>=' | '==' | '!=' | '&&' | '||';

/** A binary operation. */
export interface NativeBinary {
  readonly kind: 'binary';
  readonly op: NativeBinaryOp;
  readonly left: NativeAst;
  readonly right: NativeAst;
}

/** A function call, `name(args…)`; `name` as written. */
export interface NativeCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly NativeAst[];
}

