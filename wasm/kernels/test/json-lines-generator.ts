/**
 * Random and adversarial JSON lines, built as bytes (so lines can hold ill-formed UTF-8), for the
 * NDJSON scanner tests.
 */

/** Keys lines are made of; `WANTED_KEYS` asks for most of them (and one never present). */
export const KEY_POOL = ['a', 'b', 'c', 'é', '', 'long_key_name_over_eight_bytes', '__proto__', 'constructor', 'x"y'];
export const WANTED_KEYS = ['a', 'b', 'é', '', 'long_key_name_over_eight_bytes', '__proto__', 'missing'];

const NUMBERS = [
  '0', '-0', '1', '-1', '1e5', '1E5', '1.5E-7', '1e+2', '0.1', '0.30000000000000004', '123456789012345678901234567890',
  '9007199254740993', '9007199254740992', '-9007199254740993', '1e22', '1e23', '1e-22', '1e-23', '4.9e-324', '1e-400',
  '1.7976931348623157e308', '1e309', '-1e400', '0e99999999999', '123.456e-2', '100000000000000000000000', '0.000001',
  '18446744073709551616', '1.00000000000000000001', '99999999999999999999', '5e-324', '2.2250738585072014e-308',
];
const BAD_NUMBERS = ['01', '1.', '.5', '+1', '1e', '-', 'Infinity', 'NaN', '0x10', '1_0', '--1', '1e+-2', '-.5'];
const STRING_PIECES = [
  'plain', ' ', 'x', '\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u00e9', '\\u00E9', '\\ud83d\\ude00',
  '\\u2028', '\\uFFFD', '\\u0041', 'é', '😀', '中文', '\u2028', '\u007f', 'long text over sixteen bytes for simd',
];
const SPECIAL_PIECES = ['\\ud800', '\\udc00', '\\u0000', '\\ud83dx', '\\ud83d\\u0041'];
const BAD_PIECES = ['\\x', '\\u12', '\\u12g4', '\t', '\u0001'];
const GARBAGE = ['', ' ', '[1,2]', '"str"', '42', 'null', 'true', '{', '}', '{"a":1}x', '{"a" 1}', '{"a":1,}', '{,}', '\uFEFF{"a":1}', '{"a":1}{"b":2}', '{a:1}', "{'a':1}", '{"a":1}\r'];

/** Builds byte lines from a seeded `next()` in [0, 1). */
export class JsonLineGenerator {
  private readonly out: number[] = [];

  constructor(private readonly next: () => number) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  private chance(p: number): boolean {
    return this.next() < p;
  }

  private text(s: string): void {
    for (const b of new TextEncoder().encode(s)) this.out.push(b);
  }

  private ws(): void {
    if (this.chance(0.8)) return;
    this.text(this.pick([' ', '\t', '\r', '  \t ', ' \r ']));
  }

  private string(): void {
    this.text('"');
    const pieces = Math.floor(this.next() * 4);
    for (let i = 0; i < pieces; i++) {
      if (this.chance(0.03)) this.text(this.pick(SPECIAL_PIECES));
      else if (this.chance(0.01)) this.text(this.pick(BAD_PIECES));
      else if (this.chance(0.02)) this.out.push(this.pick([0x80, 0xc3, 0xe2, 0x82, 0xff, 0xed, 0xf0]));
      else this.text(this.pick(STRING_PIECES));
    }
    this.text('"');
  }

  private number(): void {
    if (this.chance(0.03)) {
      this.text(this.pick(BAD_NUMBERS));
      return;
    }
    if (this.chance(0.4)) {
      this.text(this.pick(NUMBERS));
      return;
    }
    let s = this.chance(0.3) ? '-' : '';
    const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(this.next() * 10))).join('');
    s += this.chance(0.2) ? '0' : String(1 + Math.floor(this.next() * 9)) + digits(Math.floor(this.next() * 20));
    if (this.chance(0.4)) s += `.${digits(1 + Math.floor(this.next() * 20))}`;
    if (this.chance(0.3)) s += `${this.pick(['e', 'E'])}${this.pick(['', '+', '-'])}${digits(1 + Math.floor(this.next() * 3))}`;
    this.text(s);
  }

  private value(depth: number): void {
    const r = this.next();
    if (r < 0.35) this.string();
    else if (r < 0.7) this.number();
    else if (r < 0.8) this.text(this.pick(['true', 'false', 'null']));
    else if (r < 0.82) this.text(this.pick(['tru', 'nul', 'True', 'falsey']));
    else if (depth >= 3) this.text('null');
    else if (r < 0.91) this.array(depth + 1);
    else this.object(depth + 1);
  }

  private array(depth: number): void {
    this.text('[');
    this.ws();
    const n = Math.floor(this.next() * 4);
    for (let i = 0; i < n; i++) {
      if (i > 0) this.text(',');
      this.ws();
      this.value(depth);
      this.ws();
    }
    if (this.chance(0.02)) this.text(',');
    this.text(']');
  }

  private key(): void {
    if (this.chance(0.03)) this.text(this.pick(['"\\u0061"', '"a\\u0062"', '"\\"q"']));
    else this.text(JSON.stringify(this.pick(KEY_POOL)));
  }

  private object(depth: number): void {
    this.text('{');
    this.ws();
    const n = Math.floor(this.next() * (depth === 0 ? 9 : 4));
    for (let i = 0; i < n; i++) {
      if (i > 0) this.text(',');
      this.ws();
      this.key();
      this.ws();
      if (!this.chance(0.005)) this.text(':');
      this.ws();
      this.value(depth);
      this.ws();
    }
    this.text('}');
  }

  /** One line (no newline). */
  private line(): void {
    if (this.chance(0.05)) {
      this.text(this.pick(GARBAGE));
      return;
    }
    const start = this.out.length;
    this.ws();
    this.object(0);
    this.ws();
    if (this.chance(0.02)) this.out.splice(start + Math.floor(this.next() * (this.out.length - start)), 1);
  }

  /** `count` lines joined by `\n` or `\r\n`, the last one ending with a newline or not. */
  lines(count: number): Uint8Array {
    this.out.length = 0;
    for (let i = 0; i < count; i++) {
      this.line();
      if (i < count - 1 || this.chance(0.5)) this.text(this.chance(0.1) ? '\r\n' : '\n');
    }
    return Uint8Array.from(this.out);
  }
}
