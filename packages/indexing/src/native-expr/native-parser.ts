import type { NativeAst, NativeBinaryOp } from './native-ast.ts';
import { expressionError, tokenize, type NativeToken } from './native-lexer.ts';

/**
 * Parses an expression of Druid's native expression language into an untyped tree. Precedence, from
 * loosest to tightest, follows Druid's grammar: `&&` and `||` (one level, left-associative); the
 * comparisons `< <= > >= == !=`; `+ -`; `* / %`; `^` (right-associative); unary `-` and `!`, which bind
 * tightest (`-2^2` is `(-2)^2`). `null` is the null literal, `NaN` and `Infinity` are doubles, and a
 * minus before a number literal folds into a negative literal. Array literals and lambda (apply)
 * expressions are refused: Silt's expression library has no array functions.
 *
 * @throws DruidError (invalidInput) naming the expression and the position of the problem.
 * @example
 * parseNativeAst("concat(page, '-', upper(country))");
 */
export function parseNativeAst(text: string): NativeAst {
  const parser = new Parser(text, tokenize(text));
  const ast = parser.expression();
  parser.expectEnd();
  return ast;
}

const LOGICAL: readonly string[] = ['&&', '||'];
const COMPARISON: readonly string[] = ['<', '<=', '>', '>=', '==', '!='];
const ADDITIVE: readonly string[] = ['+', '-'];
const MULTIPLICATIVE: readonly string[] = ['*', '/', '%'];

class Parser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: readonly NativeToken[],
  ) {}

  expression(): NativeAst {
    return this.binaryLevel(0);
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw expressionError(this.text, token.at, `unexpected ${describe(token)}`);
  }

  private peek(): NativeToken {
    return this.tokens[this.pos]!;
  }

  private isOp(op: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.op === op;
  }

  private expectOp(op: string): void {
    const token = this.peek();
    if (token.kind !== 'op' || token.op !== op) throw expressionError(this.text, token.at, `expected [${op}] but found ${describe(token)}`);
    this.pos++;
  }

  /** Left-associative binary levels: logical, comparison, additive, multiplicative; then power. */
  private binaryLevel(level: number): NativeAst {
    const levels = [LOGICAL, COMPARISON, ADDITIVE, MULTIPLICATIVE];
    if (level === levels.length) return this.power();
    let left = this.binaryLevel(level + 1);
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'op' || !levels[level]!.includes(token.op)) return left;
      this.pos++;
      const right = this.binaryLevel(level + 1);
      left = { kind: 'binary', op: token.op as NativeBinaryOp, left, right };
    }
  }

  private power(): NativeAst {
    const base = this.unary();
    if (!this.isOp('^')) return base;
    this.pos++;
    return { kind: 'binary', op: '^', left: base, right: this.power() };
  }

  private unary(): NativeAst {
    const token = this.peek();
    if (token.kind === 'op' && (token.op === '-' || token.op === '!')) {
      this.pos++;
      const operand = this.unary();
      if (token.op === '-' && operand.kind === 'literal' && typeof operand.value === 'number') {
        return { kind: 'literal', value: -operand.value, type: operand.type };
      }
      return { kind: 'unary', op: token.op, operand };
    }
    return this.primary();
  }

  private primary(): NativeAst {
    const token = this.peek();
    switch (token.kind) {
      case 'number':
        this.pos++;
        return { kind: 'literal', value: Number(token.text), type: token.double ? 'DOUBLE' : 'LONG' };
      case 'string':
        this.pos++;
        return { kind: 'literal', value: token.value, type: 'STRING' };
      case 'identifier':
        return this.identifierOrCall(token);
      case 'op':
        if (token.op === '(') {
          this.pos++;
          const inner = this.expression();
          if (this.isOp('->')) throw expressionError(this.text, this.peek().at, 'lambda expressions are not supported');
          this.expectOp(')');
          return inner;
        }
        if (token.op === '[' || token.op === '<') throw expressionError(this.text, token.at, 'array literals are not supported');
        throw expressionError(this.text, token.at, `unexpected ${describe(token)}`);
      default:
        throw expressionError(this.text, token.at, 'unexpected end of expression');
    }
  }

  private identifierOrCall(token: NativeToken & { kind: 'identifier' }): NativeAst {
    this.pos++;
    if (!token.quoted && this.isOp('(')) {
      this.pos++;
      const args: NativeAst[] = [];
      if (!this.isOp(')')) {
        for (;;) {
          args.push(this.expression());
          if (this.isOp('->')) throw expressionError(this.text, this.peek().at, 'lambda expressions are not supported');
          if (!this.isOp(',')) break;
          this.pos++;
        }
      }
      this.expectOp(')');
      return { kind: 'call', name: token.name, args };
    }
    if (this.isOp('->')) throw expressionError(this.text, this.peek().at, 'lambda expressions are not supported');
    if (!token.quoted) {
      if (token.name === 'null') return { kind: 'literal', value: null, type: 'NULL' };
      if (token.name === 'NaN') return { kind: 'literal', value: Number.NaN, type: 'DOUBLE' };
      if (token.name === 'Infinity') return { kind: 'literal', value: Number.POSITIVE_INFINITY, type: 'DOUBLE' };
    }
    return { kind: 'identifier', name: token.name };
  }
}

function describe(token: NativeToken): string {
  switch (token.kind) {
    case 'end':
      return 'end of expression';
    case 'op':
      return `[${token.op}]`;
    case 'number':
      return `number [${token.text}]`;
    case 'string':
      return `string '${token.value}'`;
    case 'identifier':
      return `identifier [${token.name}]`;
  }
}
