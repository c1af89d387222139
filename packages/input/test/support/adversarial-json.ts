import { rng } from '../../../../test/support/random.ts';
/**
 * Seeded random JSON lines that stress the JSON fast path: every value kind in every column type,
 * escapes and unicode, odd numbers, duplicates, whitespace, nested and multi-value values, null bytes,
 * ill-formed UTF-8, and garbage lines.
 */

/** Keys the generated records use. */
export const ADVERSARIAL_KEYS = ['s', 'n', 'b', 'm', 'é', 'q'];

const STRINGS = ['"x"', '"hello world"', '"é"', '"\\u00e9"', '"😀"', '"\\ud83d\\ude00"', '"a\\"b"', '"\\\\"', '"tab\\tnl\\n"', '""', '" 12 "', '"1,234"', '"+5"', '"-7.5e1"', '"NaN"', '"Infinity"', '"1.5f"', '"\\u0000"', '"a\\u0000b"', '"\\ud800"', '"true"', '"\\u2028"', '"1e400"'];
const NUMBERS = ['0', '-0', '1', '-1', '1e5', '1.5E-7', '0.1', '9007199254740993', '123456789012345678901234567890', '1e400', '-1e400', '4.9e-324', '2.5', '-2.5', '1e21', '1e-7', '1.0', '9.223372036854776e18', '-9223372036854775809'];
const OTHERS = ['true', 'false', 'null', '[]', '["a"]', '["a","b"]', '["a",null,1]', '[1,2]', '[{"x":1}]', '{}', '{"k":"v"}', '[["a"]]', '["a\\u0000"]'];
const GARBAGE = ['', '   ', '[1]', '"s"', '7', 'null', '{', '{"s":}', '{"s":"x",}', '{"s" "x"}', '{"s":01}', "{'s':1}", '{"s":"x"} y', '\uFEFF{"s":"x"}', '{"\\u0073":"escaped key"}', '{"s":"\t"}'];

/** `count` random lines (as UTF-8 bytes, joined by `\n` or `\r\n`). */
export function adversarialJsonLines(seed: number, count: number): Uint8Array {
  const next = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const ws = () => (next() < 0.85 ? '' : pick([' ', '\t', '  ', '\r']));
  const value = () => {
    const r = next();
    return r < 0.4 ? pick(STRINGS) : r < 0.75 ? pick(NUMBERS) : pick(OTHERS);
  };
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < count; i++) {
    let line: string;
    if (next() < 0.05) {
      line = pick(GARBAGE);
    } else {
      const members: string[] = [];
      const n = Math.floor(next() * 8);
      for (let m = 0; m < n; m++) members.push(`${ws()}${JSON.stringify(pick(ADVERSARIAL_KEYS))}${ws()}:${ws()}${value()}${ws()}`);
      line = `${ws()}{${members.join(',')}}${ws()}`;
    }
    parts.push(encoder.encode(line));
    // Now and then an ill-formed byte inside a string value.
    if (next() < 0.02) parts.push(encoder.encode(`\n{"s":"bad`), Uint8Array.of(pick([0xff, 0xc3, 0xe2, 0x80])), encoder.encode('"}'));
    if (i < count - 1 || next() < 0.5) parts.push(encoder.encode(next() < 0.1 ? '\r\n' : '\n'));
  }
  return new Uint8Array(Buffer.concat(parts));
}
