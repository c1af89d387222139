import { describe, expect, it } from 'vitest';
import { EncodeScratch } from '../src/encode-scratch.ts';

describe('EncodeScratch', () => {
  it('hands out arrays of exactly the length asked for, growing a name only when it is too small', () => {
    const scratch = new EncodeScratch(10);
    expect(scratch.i32('a')).toHaveLength(10);
    const small = scratch.f64('a', 3);
    expect(small).toHaveLength(3);
    expect(scratch.u8('a', 40).buffer).toBe(small.buffer);
    const grown = scratch.u8('a', 41);
    expect(grown.buffer).not.toBe(small.buffer);
    expect(grown.buffer.byteLength % 8).toBe(0);
  });

  it('views one name as any kind over the same bytes, and keeps other names apart', () => {
    const scratch = new EncodeScratch(4);
    const values = scratch.f64('rows');
    values.fill(1.5);
    const ids = scratch.i32('rows', 8);
    expect(ids.buffer).toBe(values.buffer);
    ids.fill(7);
    expect(Array.from(scratch.i32('rows', 2))).toEqual([7, 7]);
    const other = scratch.i32('other');
    other.fill(-1);
    expect(Array.from(scratch.i32('rows', 4))).toEqual([7, 7, 7, 7]);
  });
});
