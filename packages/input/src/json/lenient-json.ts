import type { JsonFeature, JsonFeatures } from './json-features.ts';

/**
 * Parses one JSON value from `text` accepting the non-standard syntax that the enabled Jackson
 * features allow (comments, single quotes, unquoted names, NaN/Infinity, leading zeros, missing
 * values, trailing commas…), and rejecting duplicate keys under STRICT_DUPLICATE_DETECTION.
 * Whitespace may follow the value; anything else is an error.
 *
 * @throws SyntaxError naming the offending position.
 */
export function parseLenientJson(text: string, features: JsonFeatures): unknown {
  const parser = new LenientParser(text, features);
  const value = parser.value();
  parser.skipSpace();
  if (parser.pos < text.length) parser.fail('Unexpected content after the JSON value');
  return value;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NON_NUMERIC: Record<string, number> = { NaN: NaN, Infinity: Infinity, '+Infinity': Infinity, '-Infinity': -Infinity, INF: Infinity, '+INF': Infinity, '-INF': -Infinity };
const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/y;

class LenientParser {
  pos = 0;
  constructor(
    private readonly text: string,
    private readonly features: JsonFeatures,
  ) {}

  private on(feature: JsonFeature): boolean {
    return this.features.has(feature);
  }

  fail(message: string): never {
    throw new SyntaxError(`${message} at position ${this.pos}`);
  }

  skipSpace(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
        this.pos++;
      } else if (c === 0x2f /* / */ && this.on('ALLOW_COMMENTS')) {
        const next = text[this.pos + 1];
        if (next === '/') this.pos = endOf(text, '\n', this.pos);
        else if (next === '*') {
          const end = text.indexOf('*/', this.pos + 2);
          if (end < 0) this.fail('Unterminated comment');
          this.pos = end + 2;
        } else return;
      } else if (c === 0x23 /* # */ && this.on('ALLOW_YAML_COMMENTS')) {
        this.pos = endOf(text, '\n', this.pos);
      } else return;
    }
  }

  value(): unknown {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || (c === "'" && this.on('ALLOW_SINGLE_QUOTES'))) return this.string(c);
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    return this.number();
  }

  private object(): Record<string, unknown> {
    const object: Record<string, unknown> = {};
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return object;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}' && this.on('ALLOW_TRAILING_COMMA')) {
        this.pos++;
        return object;
      }
      const key = this.key();
      if (this.on('STRICT_DUPLICATE_DETECTION') && Object.hasOwn(object, key)) this.fail(`Duplicate field '${key}'`);
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail("Expected ':'");
      this.pos++;
      Object.defineProperty(object, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === '}') return object;
      if (c !== ',') this.fail("Expected ',' or '}'");
    }
  }

  private key(): string {
    const c = this.text[this.pos];
    if (c === '"' || (c === "'" && this.on('ALLOW_SINGLE_QUOTES'))) return this.string(c);
    if (this.on('ALLOW_UNQUOTED_FIELD_NAMES')) {
      IDENTIFIER.lastIndex = this.pos;
      const m = IDENTIFIER.exec(this.text);
      if (m) {
        this.pos += m[0].length;
        return m[0];
      }
    }
    return this.fail('Expected a field name');
  }

  private array(): unknown[] {
    const array: unknown[] = [];
    this.pos++;
    for (let first = true; ; first = false) {
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === ']' && (first || this.on('ALLOW_TRAILING_COMMA'))) {
        this.pos++;
        return array;
      }
      if ((c === ',' || c === ']') && this.on('ALLOW_MISSING_VALUES')) {
        array.push(null);
      } else {
        array.push(this.value());
        this.skipSpace();
      }
      const next = this.text[this.pos++];
      if (next === ']') return array;
      if (next !== ',') this.fail("Expected ',' or ']'");
    }
  }

  private string(quote: string): string {
    const text = this.text;
    let out = '';
    let i = this.pos + 1;
    for (;;) {
      if (i >= text.length) this.fail('Unterminated string');
      const c = text[i]!;
      if (c === quote) break;
      if (c === '\\') {
        const e = text[i + 1] ?? '';
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        const escaped = ESCAPES[e] ?? (e === "'" && quote === "'" ? "'" : undefined);
        if (escaped === undefined && !this.on('ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER')) {
          this.pos = i;
          this.fail(`Unrecognized character escape '${e}'`);
        }
        out += escaped ?? e;
        i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20 && !this.on('ALLOW_UNQUOTED_CONTROL_CHARS')) {
        this.pos = i;
        this.fail('Illegal unquoted control character in string');
      }
      out += c;
      i++;
    }
    this.pos = i + 1;
    return out;
  }

  private number(): number {
    const text = this.text;
    if (this.on('ALLOW_NON_NUMERIC_NUMBERS')) {
      for (const [word, value] of Object.entries(NON_NUMERIC)) {
        if (text.startsWith(word, this.pos)) {
          this.pos += word.length;
          return value;
        }
      }
    }
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(text);
    if (!m) this.fail('Unexpected character');
    const literal = m[0];
    const unsigned = literal.replace(/^[+-]/, '');
    if (literal.startsWith('+') && !this.on('ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS')) this.fail("Unexpected character '+'");
    if (unsigned.startsWith('.') && !this.on('ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS')) this.fail("Unexpected character '.'");
    if (/^\d+\.(?!\d)/.test(unsigned) && !this.on('ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS')) this.fail('Decimal point not followed by a digit');
    if (/^0\d/.test(unsigned) && !this.on('ALLOW_NUMERIC_LEADING_ZEROS')) this.fail('Leading zeroes not allowed');
    this.pos += literal.length;
    return Number(literal);
  }
}

function endOf(text: string, char: string, from: number): number {
  const i = text.indexOf(char, from);
  return i < 0 ? text.length : i;
}
