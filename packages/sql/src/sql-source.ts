import { invalidInput, type DruidError } from '@silt/common';
import type { SqlBase } from 'druid-query-toolkit';

/** A 1-based position in the SQL text, as Druid reports it. */
export interface SqlPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * The SQL text of a statement, used to point errors at the place they come from. The toolkit's AST
 * keeps no offsets, so a node is located by searching its own text (`node.toString()` reproduces the
 * source verbatim) outside string literals and comments; the first match wins.
 */
export class SqlSource {
  readonly text: string;
  /** Offsets covered by string literals, quoted identifiers excluded, and comments. */
  private readonly masked: boolean[];

  constructor(text: string) {
    this.text = text;
    this.masked = maskLiteralsAndComments(text);
  }

  /** The 1-based line and column of a character offset. */
  positionOf(offset: number): SqlPosition {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset && i < this.text.length; i++) {
      if (this.text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: offset - lineStart + 1 };
  }

  /** Where `node`'s text first occurs in the statement, if it can be found. */
  locate(node: SqlBase | string): SqlPosition | undefined {
    const needle = typeof node === 'string' ? node : node.toString();
    if (!needle) return undefined;
    const wordLike = /^[\w"]/.test(needle);
    let from = 0;
    for (;;) {
      const at = this.text.indexOf(needle, from);
      if (at < 0) return undefined;
      const before = at > 0 ? this.text[at - 1]! : ' ';
      const after = this.text[at + needle.length] ?? ' ';
      const bounded = !wordLike || (!/[\w$]/.test(before) && !/[\w$]/.test(after));
      // A string literal is itself masked; anything else must lie outside literals and comments.
      if (bounded && (needle.startsWith("'") || !this.masked[at])) return this.positionOf(at);
      from = at + 1;
    }
  }

  /**
   * An invalid-input error about `node`, with Druid's ` (line [L], column [C])` suffix and the
   * position in the error context when the node can be located.
   */
  errorAt(message: string, node: SqlBase | string | undefined): DruidError {
    const position = node === undefined ? undefined : this.locate(node);
    return position ? invalidInput(`${message} (line [${position.line}], column [${position.column}])`, position) : invalidInput(message);
  }
}

function maskLiteralsAndComments(text: string): boolean[] {
  const masked = new Array<boolean>(text.length).fill(false);
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      const start = i++;
      while (i < text.length) {
        if (text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === "'") break;
        else i++;
      }
      for (let k = start; k <= i && k < text.length; k++) masked[k] = true;
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') masked[i++] = true;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      while (i < stop) masked[i++] = true;
    } else {
      i++;
    }
  }
  return masked;
}
