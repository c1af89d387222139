/**
 * Plain TypeScript NDJSON scanner, the reference the WASM kernel (`Kernels.scanJsonLines`) is tested
 * against: a recursive-descent parser over the line's bytes that reads numbers with `Number()` and
 * strings with `JSON.parse` of their token, and applies the same fallback rules (see `JsonLinesScan`).
 */
import { isByteMatchableKey, JsonKind, type JsonLinesScan, type Utf8Strings } from './json-lines-scan.ts';

const MAX_DEPTH = 1024;
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ASCII = /^[\x00-\x7f]*$/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/;

/** Thrown inside the line parser when the line must go to `JSON.parse`. */
class Fallback extends Error {}

type Scalar =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'true' | 'false' | 'null' };

/** Parses one line's bytes `[pos, end)`, keeping the values of wanted keys (by key index). */
class LineParser {
  private pos: number;
  readonly values = new Map<number, Scalar>();

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly end: number,
    private readonly keyIndex: ReadonlyMap<string, number>,
  ) {
    this.pos = start;
  }

  parse(): void {
    this.ws();
    this.expect(0x7b);
    this.ws();
    if (this.peek() === 0x7d) {
      this.pos++;
    } else {
      for (;;) {
        const key = this.string(false);
        this.ws();
        this.expect(0x3a);
        this.ws();
        const wanted = this.keyIndex.get(key);
        if (wanted === undefined) {
          this.value(0);
        } else {
          const c = this.peek();
          if (c === 0x7b || c === 0x5b) throw new Fallback('nested value of a wanted key');
          const scalar = this.scalar();
          if (scalar.kind === 'string' && (scalar.value.includes('\u0000') || LONE_SURROGATE.test(scalar.value))) throw new Fallback('special string');
          this.values.set(wanted, scalar);
        }
        this.ws();
        const c = this.next();
        if (c === 0x7d) break;
        if (c !== 0x2c) throw new Fallback('expected , or }');
        this.ws();
      }
    }
    this.ws();
    if (this.pos !== this.end) throw new Fallback('text after the object');
  }

  private peek(): number {
    return this.pos < this.end ? this.bytes[this.pos]! : -1;
  }

  private next(): number {
    const c = this.peek();
    this.pos++;
    return c;
  }

  private expect(c: number): void {
    if (this.next() !== c) throw new Fallback(`expected ${String.fromCharCode(c)}`);
  }

  private ws(): void {
    while (this.peek() === 0x20 || this.peek() === 0x09 || this.peek() === 0x0d) this.pos++;
  }

  /** A value of an unwanted key, at nesting `depth` (containers around it below the line's object). */
  private value(depth: number): void {
    const c = this.peek();
    if (c !== 0x7b && c !== 0x5b) {
      this.scalar();
      return;
    }
    if (depth === MAX_DEPTH) throw new Fallback('too deep');
    this.pos++;
    this.ws();
    const close = c + 2;
    if (this.peek() === close) {
      this.pos++;
      return;
    }
    for (;;) {
      if (c === 0x7b) {
        this.string(true);
        this.ws();
        this.expect(0x3a);
        this.ws();
      }
      this.value(depth + 1);
      this.ws();
      const next = this.next();
      if (next === close) return;
      if (next !== 0x2c) throw new Fallback('expected , or a closing bracket');
      this.ws();
    }
  }

  private scalar(): Scalar {
    const c = this.peek();
    if (c === 0x22) return { kind: 'string', value: this.string(true) };
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let stop = this.pos;
      while (stop < this.end && /[-+.0-9eE]/.test(String.fromCharCode(this.bytes[stop]!))) stop++;
      const text = decoder.decode(this.bytes.subarray(this.pos, stop));
      const match = NUMBER.exec(text);
      if (!match) throw new Fallback('bad number');
      this.pos += match[0].length;
      return { kind: 'number', value: Number(match[0]) };
    }
    for (const word of ['true', 'false', 'null'] as const) {
      if (decoder.decode(this.bytes.subarray(this.pos, this.pos + word.length)) === word) {
        this.pos += word.length;
        return { kind: word };
      }
    }
    throw new Fallback('not a value');
  }

  /** A string token's value; a key (`escapes` false) written with escapes falls back. */
  private string(escapes: boolean): string {
    this.expect(0x22);
    const start = this.pos;
    for (;;) {
      const c = this.next();
      if (c === 0x22) break;
      if (c < 0x20) throw new Fallback('control character or end of line in a string');
      if (c !== 0x5c) continue;
      if (!escapes) throw new Fallback('escaped key');
      const e = this.next();
      if (e === 0x75) {
        const hex = decoder.decode(this.bytes.subarray(this.pos, Math.min(this.end, this.pos + 4)));
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Fallback('bad \\u escape');
        this.pos += 4;
      } else if (!'"\\/bfnrt'.includes(String.fromCharCode(e)) || e < 0) {
        throw new Fallback('bad escape');
      }
    }
    return JSON.parse(`"${decoder.decode(this.bytes.subarray(start, this.pos - 1))}"`) as string;
  }
}

/**
 * Scans a chunk of JSON lines for the top-level `keys` in plain TypeScript, with the same result as
 * `Kernels.scanJsonLines` (see `JsonLinesScan`). Throws a RangeError for a key
 * `isByteMatchableKey` rejects.
 *
 * @example
 * const scan = scanJsonLinesReference(new TextEncoder().encode('{"a":"x"}\n[1]\n'), ['a']);
 * scan.fallback; // Uint8Array [0, 1]
 */
export function scanJsonLinesReference(bytes: Uint8Array, keys: readonly string[]): JsonLinesScan {
  const keyIndex = new Map<string, number>();
  keys.forEach((key, i) => {
    if (!isByteMatchableKey(key)) throw new RangeError(`Key [${key}] has a lone surrogate or U+FFFD, so it cannot be matched by its UTF-8 bytes`);
    if (!keyIndex.has(key)) keyIndex.set(key, i);
  });
  const starts: number[] = [];
  const ends: number[] = [];
  for (let pos = 0; pos < bytes.length; ) {
    const nl = bytes.indexOf(0x0a, pos);
    const lineEnd = nl < 0 ? bytes.length : nl;
    starts.push(pos);
    ends.push(lineEnd > pos && bytes[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd);
    pos = lineEnd + 1;
  }
  const lines = starts.length;
  const k = keys.length;
  const kinds = new Uint8Array(lines * k);
  const numbers = new Float64Array(lines * k);
  const ids = new Int32Array(lines * k).fill(-1);
  const fallback = new Uint8Array(lines);
  // Per key, its distinct strings in first-seen order.
  const seen = keys.map(() => new Map<string, number>());
  const firstSeen: string[][] = keys.map(() => []);
  for (let i = 0; i < lines; i++) {
    const parser = new LineParser(bytes, starts[i]!, ends[i]!, keyIndex);
    try {
      parser.parse();
    } catch (e) {
      if (!(e instanceof Fallback)) throw e;
      fallback[i] = 1;
      continue;
    }
    for (const [key, scalar] of parser.values) {
      const slot = key * lines + i;
      if (scalar.kind === 'number') {
        kinds[slot] = JsonKind.NUMBER;
        numbers[slot] = scalar.value;
      } else if (scalar.kind === 'string') {
        let order = seen[key]!.get(scalar.value);
        if (order === undefined) {
          order = firstSeen[key]!.length;
          seen[key]!.set(scalar.value, order);
          firstSeen[key]!.push(scalar.value);
        }
        kinds[slot] = JsonKind.STRING;
        ids[slot] = order;
      } else {
        kinds[slot] = scalar.kind === 'true' ? JsonKind.TRUE : scalar.kind === 'false' ? JsonKind.FALSE : JsonKind.NULL;
      }
    }
  }
  // Final ids: ASCII strings first, then the others, each in first-seen order.
  const dictionaries = firstSeen.map((strings) => strings.filter((s) => ASCII.test(s)).concat(strings.filter((s) => !ASCII.test(s))));
  const finalIds = dictionaries.map((dictionary, key) => {
    const byOrder = new Int32Array(dictionary.length);
    dictionary.forEach((s, id) => (byOrder[seen[key]!.get(s)!] = id));
    return byOrder;
  });
  for (let key = 0; key < k; key++) {
    for (let i = 0; i < lines; i++) {
      const slot = key * lines + i;
      if (kinds[slot] === JsonKind.STRING) ids[slot] = finalIds[key]![ids[slot]!]!;
    }
  }
  const kindsSeen = new Uint32Array(k);
  for (let key = 0; key < k; key++) for (let i = 0; i < lines; i++) kindsSeen[key]! |= 1 << kinds[key * lines + i]!;
  return { lines, keys: k, lineStart: Uint32Array.from(starts), lineEnd: Uint32Array.from(ends), fallback, kinds, numbers, ids, kindsSeen, dictionaries: dictionaries.map(utf8Strings) };
}

/** Strings, ASCII ones first, as UTF-8 bytes and offsets. */
function utf8Strings(strings: readonly string[]): Utf8Strings {
  const encoded = strings.map((s) => encoder.encode(s));
  const offsets = new Uint32Array(strings.length + 1);
  encoded.forEach((b, i) => (offsets[i + 1] = offsets[i]! + b.length));
  const bytes = new Uint8Array(offsets[strings.length]!);
  encoded.forEach((b, i) => bytes.set(b, offsets[i]!));
  return { bytes, offsets, asciiCount: strings.filter((s) => ASCII.test(s)).length };
}
