import { invalidInput, type DruidError } from '@silt/common';

/**
 * Tokens of Druid's native expression language: numbers (`[0-9]+` is a long; a `.` or an exponent
 * makes a double), single-quoted strings with JSON-style escapes (`\'` `\"` `\\` `\/` `\b` `\f` `\n`
 * `\r` `\t`, and `\u` followed by four hex digits), identifiers (`[_$a-zA-Z][_$a-zA-Z0-9]*`, or
 * any text in double quotes), operators and punctuation.
 */
export type NativeToken =
  | { readonly kind: 'number'; readonly text: string; readonly double: boolean; readonly at: number }
  | { readonly kind: 'string'; readonly value: string; readonly at: number }
  | { readonly kind: 'identifier'; readonly name: string; readonly quoted: boolean; readonly at: number }
  | { readonly kind: 'op'; readonly op: string; readonly at: number }
  | { readonly kind: 'end'; readonly at: number };

const OPERATORS = ['<=', '>=', '==', '!=', '&&', '||', '->', '+', '-', '*', '/', '%', '^', '<', '>', '!', '(', ')', ',', '[', ']'];
const IDENT_START = /[_$a-zA-Z]/;
const IDENT_PART = /[_$a-zA-Z0-9]/;
const ESCAPES: Readonly<Record<string, string>> = { "'": "'", '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** The error for a malformed expression, naming it and the position (0-based) of the problem. */
export function expressionError(text: string, at: number, problem: string): DruidError {
  return invalidInput(`Invalid expression [${text}]: ${problem} at position ${at}`);
}

/** Splits an expression into tokens, ending with an `end` token. Throws on a malformed token. */
export function tokenize(text: string): NativeToken[] {
  const tokens: NativeToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^(?:[0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?/.exec(text.slice(i))!;
      tokens.push({ kind: 'number', text: m[0], double: m[0].includes('.') || m[2] !== undefined, at: i });
      i += m[0].length;
    } else if (c === "'" || c === '"') {
      const [value, end] = quoted(text, i, c);
      tokens.push(c === "'" ? { kind: 'string', value, at: i } : { kind: 'identifier', name: value, quoted: true, at: i });
      i = end;
    } else if (IDENT_START.test(c)) {
      let end = i + 1;
      while (end < text.length && IDENT_PART.test(text[end]!)) end++;
      tokens.push({ kind: 'identifier', name: text.slice(i, end), quoted: false, at: i });
      i = end;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (!op) throw expressionError(text, i, `unexpected character [${c}]`);
      tokens.push({ kind: 'op', op, at: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

/** Reads a quoted string or identifier starting at `start`; returns its value and the index after it. */
function quoted(text: string, start: number, quote: string): [string, number] {
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === quote) return [out, i + 1];
    if (c === '\\') {
      const next = text[i + 1];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      const escaped = next === undefined ? undefined : ESCAPES[next];
      if (escaped === undefined) throw expressionError(text, i, 'invalid escape sequence');
      out += escaped;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  throw expressionError(text, start, 'unterminated quoted text');
}
