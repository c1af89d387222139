import { describe, expect, it } from 'vitest';
import { isByteMatchableKey, JsonKind, type JsonLinesScan, loadKernelsSync, MAX_JSON_SLOTS, scanJsonLinesReference } from '../src/index.ts';
import { JsonLineGenerator, WANTED_KEYS } from './json-lines-generator.ts';
import { rng } from './random.ts';

const kernels = loadKernelsSync();
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

const decodedScans = new WeakMap<JsonLinesScan, string[][]>();

/** Each key's distinct strings, decoded (checking that the first `asciiCount` of them, and only they, are ASCII). */
function strings(scan: JsonLinesScan): string[][] {
  let decoded = decodedScans.get(scan);
  if (!decoded) {
    decoded = scan.dictionaries.map(({ bytes, offsets, asciiCount }) => {
      const values = Array.from({ length: offsets.length - 1 }, (_, i) => decoder.decode(bytes.subarray(offsets[i], offsets[i + 1])));
      expect(values.map((v) => /^[\x00-\x7f]*$/.test(v))).toEqual(values.map((_, i) => i < asciiCount));
      expect(offsets.at(-1)).toBe(bytes.length);
      return values;
    });
    decodedScans.set(scan, decoded);
  }
  return decoded;
}

/** Expects two scans to be equal (`numbers` only where the kind gives them a meaning, -0 apart from 0). */
function expectSameScan(actual: JsonLinesScan, expected: JsonLinesScan): void {
  expect([actual.lines, actual.keys]).toEqual([expected.lines, expected.keys]);
  for (const field of ['lineStart', 'lineEnd', 'fallback', 'kinds', 'ids', 'kindsSeen'] as const) {
    expect(bytesOf(actual[field]).equals(bytesOf(expected[field])), field).toBe(true);
  }
  const numbers = (scan: JsonLinesScan) => Float64Array.from(scan.numbers, (v, i) => (scan.kinds[i] === JsonKind.NUMBER ? v : 0));
  expect(bytesOf(numbers(actual)).equals(bytesOf(numbers(expected))), 'numbers').toBe(true);
  expect(strings(actual)).toEqual(strings(expected));
  expect(actual.dictionaries).toEqual(expected.dictionaries);
}

/** Scans with both implementations, checks they agree, and returns the kernel's scan. */
function scanBoth(bytes: Uint8Array, keys: readonly string[]): JsonLinesScan {
  const wasm = kernels.scanJsonLines(bytes, keys)!;
  expectSameScan(wasm, scanJsonLinesReference(bytes, keys));
  return wasm;
}

/** The value of key `k` in line `i`, as a JS value. */
function valueOf(scan: JsonLinesScan, k: number, i: number): unknown {
  const slot = k * scan.lines + i;
  switch (scan.kinds[slot]) {
    case JsonKind.NUMBER:
      return scan.numbers[slot];
    case JsonKind.STRING:
      return strings(scan)[k]![scan.ids[slot]!];
    case JsonKind.TRUE:
      return true;
    case JsonKind.FALSE:
      return false;
    default:
      return null;
  }
}

/** Checks every line that is not flagged against `JSON.parse`, and that every line it rejects is flagged. */
function checkAgainstJsonParse(bytes: Uint8Array, keys: readonly string[], scan: JsonLinesScan): void {
  for (let i = 0; i < scan.lines; i++) {
    const text = decoder.decode(bytes.subarray(scan.lineStart[i], scan.lineEnd[i]));
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      expect(scan.fallback[i], text).toBe(1);
      continue;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      expect(scan.fallback[i], text).toBe(1);
      continue;
    }
    if (scan.fallback[i] === 1) continue;
    keys.forEach((key, k) => {
      const expected = Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : null;
      expect(Object.is(valueOf(scan, k, i), expected), `${text} [${key}]`).toBe(true);
    });
  }
}

const lines = (...texts: string[]) => encoder.encode(texts.join('\n'));

describe('scanJsonLines', () => {
  it('reads strings, numbers, booleans and nulls of the wanted keys, line by line', () => {
    const bytes = lines('{"a":"x","b":2,"c":true}', '{ "b" : -0 , "a" : "y" }', '{"c":false,"a":null}', '{}');
    const scan = scanBoth(bytes, ['a', 'b', 'c']);
    expect(scan.lines).toBe(4);
    expect(Array.from(scan.fallback)).toEqual([0, 0, 0, 0]);
    expect([0, 1, 2, 3].map((i) => [valueOf(scan, 0, i), valueOf(scan, 1, i), valueOf(scan, 2, i)])).toEqual([
      ['x', 2, true],
      ['y', -0, null],
      [null, null, false],
      [null, null, null],
    ]);
    expect(Object.is(valueOf(scan, 1, 1), -0)).toBe(true);
    expect(strings(scan)).toEqual([['x', 'y'], [], []]);
  });

  it('splits lines at \\n only, dropping one \\r, with no record after a final newline', () => {
    const scan = scanBoth(encoder.encode('{"a":1}\r\n\n{"a":2}\r\r\n{"a":3}\r{"a":4}\n'), ['a']);
    expect(scan.lines).toBe(4);
    expect(Array.from(scan.lineStart)).toEqual([0, 9, 10, 20]);
    expect(Array.from(scan.lineEnd)).toEqual([7, 9, 18, 35]);
    expect(Array.from(scan.fallback)).toEqual([0, 1, 0, 1]);
    expect(scanBoth(new Uint8Array(0), ['a']).lines).toBe(0);
    expect(scanBoth(encoder.encode('\n'), ['a']).lines).toBe(1);
  });

  it('deduplicates strings per key by value, escapes included, and decodes escapes exactly', () => {
    const bytes = lines('{"a":"é","b":"é"}', '{"a":"\\u00e9","b":"x"}', '{"a":"\\ud83d\\ude00 \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t"}', '{"a":"é"}');
    const scan = scanBoth(bytes, ['a', 'b']);
    // ASCII strings come first, then the others, each in first-seen order.
    expect(strings(scan)[0]).toEqual(['é', '😀 "q" \\ / \b\f\n\r\t']);
    expect(strings(scan)[1]).toEqual(['x', 'é']);
    expect([0, 1, 3].map((i) => valueOf(scan, 0, i))).toEqual(['é', 'é', 'é']);
  });

  it('keeps the last value of a repeated key, as JSON.parse does', () => {
    const scan = scanBoth(lines('{"a":"x","a":1}', '{"a":1,"a":"y","b":2,"a":"z"}'), ['a']);
    expect([valueOf(scan, 0, 0), valueOf(scan, 0, 1)]).toEqual([1, 'z']);
    expect(strings(scan)[0]).toEqual(['z']);
  });

  it('reads numbers exactly as Number() does, big and odd forms included', () => {
    const forms = ['-0', '0', '1e5', '1.5E-7', '9007199254740993', '12345678901234567890123', '1e400', '-1e400', '4.9e-324', '0.1', '1e-22', '1e23', '0.000123', '-5.5e+3'];
    const bytes = lines(...forms.map((f) => `{"n":${f}}`));
    const scan = scanBoth(bytes, ['n']);
    forms.forEach((form, i) => expect(Object.is(valueOf(scan, 0, i), Number(form)), form).toBe(true));
  });

  it('flags what JSON.parse must read: bad JSON, non-objects, escaped keys, nested or special wanted values', () => {
    const cases = ['', '[1]', '"s"', '{"a":1', '{"a":01}', '{"\\u0061":1}', '{"a":{"b":1}}', '{"a":[1]}', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"a":"x\ty"}', '\uFEFF{"a":1}', '{"a":1}x'];
    const scan = scanBoth(lines(...cases), ['a']);
    expect(Array.from(scan.fallback)).toEqual(cases.map(() => 1));
    expect(Array.from(scan.kinds)).toEqual(cases.map(() => JsonKind.NULL));
    // The same values under keys nobody wants are fine (JSON.parse accepts them).
    const ok = scanBoth(lines('{"z":{"b":[1,{"c":"\\u0000"}]},"y":"\\ud800","a":2}'), ['a']);
    expect(Array.from(ok.fallback)).toEqual([0]);
    expect(valueOf(ok, 0, 0)).toBe(2);
  });

  it('follows nesting up to 1024 levels below the line object', () => {
    const nested = (depth: number) => `{"z":${'['.repeat(depth)}${']'.repeat(depth)},"a":1}`;
    const scan = scanBoth(lines(nested(1024), nested(1025), `{"z":${'{"k":'.repeat(1024)}1${'}'.repeat(1024)}}`), ['a']);
    expect(Array.from(scan.fallback)).toEqual([0, 1, 0]);
  });

  it('keeps ill-formed UTF-8 in strings as JSON.parse of the decoded line sees it', () => {
    const bytes = Uint8Array.from([...encoder.encode('{"a":"x'), 0xe2, 0x82, ...encoder.encode('","b":"'), 0xff, 0xc3, ...encoder.encode('"}\n{"a":"'), 0xed, 0xa0, 0x80, ...encoder.encode('"}')]);
    const scan = scanBoth(bytes, ['a', 'b']);
    checkAgainstJsonParse(bytes, ['a', 'b'], scan);
    expect(strings(scan)).toEqual([['x\uFFFD', '\uFFFD\uFFFD\uFFFD'], ['\uFFFD\uFFFD']]);
  });

  it('merges distinct ill-formed bytes that decode to the same string', () => {
    const bytes = Uint8Array.from([
      ...encoder.encode('{"a":"'), 0xff, ...encoder.encode('"}\n{"a":"\\ufffd"}\n{"a":"'), 0xfe, ...encoder.encode('"}\n{"a":"'), 0xef, 0xbf, 0xbd, ...encoder.encode('"}\n{"a":"q"}'),
    ]);
    const scan = scanBoth(bytes, ['a']);
    expect(strings(scan)).toEqual([['q', '\uFFFD']]);
    expect(Array.from(scan.ids)).toEqual([1, 1, 1, 1, 0]);
  });

  it('agrees with the reference and with JSON.parse on random and adversarial lines', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const bytes = new JsonLineGenerator(rng(seed)).lines(300);
      const scan = scanBoth(bytes, WANTED_KEYS);
      checkAgainstJsonParse(bytes, WANTED_KEYS, scan);
    }
  });

  it('reuses its memory across chunks of any size and key lists', () => {
    const big = new JsonLineGenerator(rng(99)).lines(10000);
    scanBoth(big, WANTED_KEYS);
    const small = scanBoth(lines('{"b":"q"}'), ['b']);
    expect(strings(small)).toEqual([['q']]);
    expectSameScan(kernels.scanJsonLines(big, WANTED_KEYS)!, scanJsonLinesReference(big, WANTED_KEYS));
    expect(scanBoth(lines('{"a":1}', 'x'), []).fallback).toEqual(Uint8Array.of(0, 1));
  });

  it('grows its string table past tens of thousands of distinct strings', () => {
    const n = 40000;
    const text = Array.from({ length: n }, (_, i) => `{"a":"v${i % 30000}","b":"${i % 3 === 0 ? 'x' : 'y'}"}`).join('\n');
    const scan = scanBoth(encoder.encode(text), ['a', 'b']);
    expect(strings(scan)[0]).toHaveLength(30000);
    expect(strings(scan)[1]).toEqual(['x', 'y']);
    for (const i of [0, 29999, 30000, 39999]) expect(valueOf(scan, 0, i)).toBe(`v${i % 30000}`);
  });

  it('finds keys past the 64 it predicts per line, among many wanted keys', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `key${i}`);
    const record = (shift: number) => `{${keys.map((key, i) => `"${key}":${(i + shift) % 7 === 0 ? `"s${i}"` : i + shift}`).join(',')}}`;
    const scan = scanBoth(lines(record(0), record(1), record(0)), [...keys].reverse());
    for (const i of [0, 50, 80, 99]) {
      const k = 99 - i;
      expect(valueOf(scan, k, 0)).toBe(i % 7 === 0 ? `s${i}` : i);
      expect(valueOf(scan, k, 1)).toBe((i + 1) % 7 === 0 ? `s${i}` : i + 1);
    }
  });

  it('reports which kinds each key has', () => {
    const scan = scanBoth(lines('{"a":"x","b":1,"c":true}', '{"a":null,"b":2.5,"c":false}', 'bad'), ['a', 'b', 'c', 'd']);
    const bit = (...kinds: number[]) => kinds.reduce((m, k) => m | (1 << k), 0);
    expect(Array.from(scan.kindsSeen)).toEqual([bit(JsonKind.STRING, JsonKind.NULL), bit(JsonKind.NUMBER, JsonKind.NULL), bit(JsonKind.TRUE, JsonKind.FALSE, JsonKind.NULL), bit(JsonKind.NULL)]);
    expect(Array.from(scan.ids.subarray(0, 3))).toEqual([0, -1, -1]);
  });

  it('declines chunks with more than MAX_JSON_SLOTS lines x keys', () => {
    const keys = Array.from({ length: 64 }, (_, i) => `k${i}`);
    const bytes = encoder.encode('{}\n'.repeat(Math.ceil(MAX_JSON_SLOTS / 64) + 1));
    expect(kernels.scanJsonLines(bytes, keys)).toBeNull();
  });

  it('refuses keys that bytes cannot match exactly', () => {
    expect(isByteMatchableKey('a😀é')).toBe(true);
    expect(isByteMatchableKey('\uD800')).toBe(false);
    expect(isByteMatchableKey('a\uFFFD')).toBe(false);
    expect(() => kernels.scanJsonLines(lines('{}'), ['\uDC00'])).toThrow(RangeError);
    expect(() => scanJsonLinesReference(lines('{}'), ['\uDC00'])).toThrow(RangeError);
  });
});
