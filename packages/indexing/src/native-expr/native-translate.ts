import { invalidInput, type RowSignature } from '@silt/common';
import { call, columnRef, type Expr, literal } from '@silt/expr';
import type { NativeAst, NativeBinaryOp } from './native-ast.ts';
import { translateNativeCall } from './native-functions.ts';
import { parseNativeAst } from './native-parser.ts';
import { asNumeric, numericType, truth, untypedTruth } from './native-typing.ts';

/**
 * What an identifier of a native expression reads: the expression that yields it (usually a column
 * reference), and whether it is a raw input value of unknown type (read as STRING; Druid would see a
 * number or a string depending on the record).
 */
export interface NativeBinding {
  readonly expr: Expr;
  readonly untyped: boolean;
}

/** Resolves identifiers to bindings. Every name resolves: a column missing from the input reads as NULL. */
export type NativeScope = (name: string) => NativeBinding;

const COMPARISONS: Readonly<Partial<Record<NativeBinaryOp, string>>> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '==': '=', '!=': '<>' };

/**
 * Translates a parsed native expression to the typed expr IR, resolving identifiers with `scope`.
 *
 * @throws DruidError (invalidInput) for an unsupported function or operand.
 */
export function translateNativeAst(ast: NativeAst, scope: NativeScope): Expr {
  return new Translator(scope).translate(ast);
}

/**
 * Translates a native expression used as a condition (an `expression` filter): its value's Druid truth
 * as a 1/0/NULL predicate.
 */
export function translateNativeCondition(ast: NativeAst, scope: NativeScope): Expr {
  const translator = new Translator(scope);
  return translator.truth(translator.translate(ast));
}

/** The names of the identifiers an expression reads (column references). */
export function nativeIdentifiers(ast: NativeAst, into = new Set<string>()): Set<string> {
  switch (ast.kind) {
    case 'identifier':
      into.add(ast.name);
      break;
    case 'unary':
      nativeIdentifiers(ast.operand, into);
      break;
    case 'binary':
      nativeIdentifiers(ast.left, into);
      nativeIdentifiers(ast.right, into);
      break;
    case 'call':
      for (const a of ast.args) nativeIdentifiers(a, into);
      break;
    case 'literal':
      break;
  }
  return into;
}

/**
 * Parses and translates a native expression over a frame signature: every identifier reads the
 * column of that name with its signature type (a name the signature lacks reads as a NULL STRING).
 *
 * @example
 * translateNativeExpression("concat(page, '!')", [{ name: 'page', type: 'STRING' }]);
 * // { kind: 'call', fn: 'CONCAT', args: [page, '!'], type: 'STRING' }
 */
export function translateNativeExpression(text: string, signature: RowSignature): Expr {
  const types = new Map(signature.map((c) => [c.name, c.type]));
  return translateNativeAst(parseNativeAst(text), (name) => {
    const type = types.get(name);
    return type ? { expr: columnRef(name, type), untyped: false } : { expr: literal(null, 'STRING'), untyped: false };
  });
}

class Translator {
  /** Expressions that are raw input values of unknown type. */
  private readonly untyped = new Set<Expr>();
  constructor(private readonly scope: NativeScope) {}

  translate(ast: NativeAst): Expr {
    switch (ast.kind) {
      case 'literal':
        if (ast.type === 'NULL') return literal(null, 'STRING');
        return literal(ast.value, ast.type);
      case 'identifier': {
        const binding = this.scope(ast.name);
        if (binding.untyped) this.untyped.add(binding.expr);
        return binding.expr;
      }
      case 'unary': {
        const operand = this.translate(ast.operand);
        if (ast.op === '!') return call('NOT', [this.truth(operand)], 'LONG');
        const x = asNumeric(operand);
        return call('NEG', [x], x.type);
      }
      case 'binary':
        return this.binary(ast.op, this.translate(ast.left), this.translate(ast.right));
      case 'call':
        return translateNativeCall(ast.name, ast.args.map((a) => this.translate(a)));
    }
  }

  truth(e: Expr): Expr {
    return this.untyped.has(e) ? untypedTruth(e) : truth(e);
  }

  private binary(op: NativeBinaryOp, left: Expr, right: Expr): Expr {
    if (op === '&&' || op === '||') return call(op === '&&' ? 'AND' : 'OR', [this.truth(left), this.truth(right)], 'LONG');
    const comparison = COMPARISONS[op];
    if (comparison) return call(comparison, [left, right], 'LONG');
    if (op === '+' && this.isText(left) && this.isText(right) && !(this.untyped.has(left) && this.untyped.has(right))) {
      return call('+', [left, right], 'STRING');
    }
    if (left.type !== 'STRING' && left.type !== 'LONG' && left.type !== 'DOUBLE' && left.type !== 'FLOAT') throw this.operandError(op, left);
    if (right.type !== 'STRING' && right.type !== 'LONG' && right.type !== 'DOUBLE' && right.type !== 'FLOAT') throw this.operandError(op, right);
    const [x, y] = [asNumeric(left), asNumeric(right)];
    const type = numericType(x, y);
    return call(op === '^' ? 'POWER' : op, [x, y], type);
  }

  /** A string operand: a typed string, or a raw input value whose partner is a string. */
  private isText(e: Expr): boolean {
    return e.type === 'STRING' && !(e.kind === 'literal' && e.value === null);
  }

  private operandError(op: string, e: Expr): Error {
    return invalidInput(`Operator [${op}] is not supported on type [${e.type}]`);
  }
}
