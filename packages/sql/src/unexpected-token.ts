/**
 * Where Druid (Calcite's parser) says a syntax error is, and which tokens it shows, given the
 * offset where Silt's parser (peggy) failed. Calcite reports the tokens from the first one it did
 * not accept, as many as its longest expected sequence. After FROM, AS and a comparison operator it
 * decides with two tokens of lookahead, so it has not accepted that keyword or operator: it shows it
 * together with the failing token, at the keyword's position (`select a from ` → `[from <EOF>]` at
 * column 10; `channel == 'x'` → `[= =]` at the first `=`; `added as count` → `[as count]`). Elsewhere
 * it shows the failing token alone at its own position (`WHERE` then the end → `[<EOF>]`;
 * `(brand VARCHAR` → `[VARCHAR]`).
 */

/** Tokens Calcite matches only together with the token after them (a table, an alias, an operand). */
const TWO_TOKEN_LOOKAHEAD = /(?:(?<![\w$"])(FROM|AS)|(<>|<=|>=|!=|(?<![<>!=])=|<|>))\s*$/i;
const FAILING_TOKEN = /^\s*("(?:[^"]|"")*"|'(?:[^']|'')*'|\w+|\S)/;

/** The token sequence of Druid's "Received an unexpected token [...]" and its 1-based position. */
export interface UnexpectedToken {
  readonly token: string;
  readonly line: number;
  readonly column: number;
}

/**
 * @param text the statement
 * @param offset where the parse failed (the failing token, or leading whitespace before it)
 * @example
 * unexpectedToken('select a from ', 14); // { token: 'from <EOF>', line: 1, column: 10 }
 */
export function unexpectedToken(text: string, offset: number): UnexpectedToken {
  const rest = text.slice(offset);
  const failing = rest.trim() === '' ? '<EOF>' : (FAILING_TOKEN.exec(rest)?.[1] ?? '<EOF>');
  const failingAt = rest.trim() === '' ? offset : offset + rest.length - rest.trimStart().length;
  const lookahead = TWO_TOKEN_LOOKAHEAD.exec(text.slice(0, offset));
  if (lookahead) {
    const first = lookahead[1] ?? lookahead[2]!;
    return { token: `${first} ${failing}`, ...positionOf(text, lookahead.index) };
  }
  return { token: failing, ...positionOf(text, failingAt) };
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastNewline = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastNewline };
}
