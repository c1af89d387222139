import { describe, expect, it } from 'vitest';
import { bucketsOf, murmur3Reference } from '@silt/kernels';
import { hashPartitionKey, hashPartitionKeyText, murmur3Bucket, murmur3Buckets } from '../src/exec/hash-partition-key.ts';

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('hashPartitionKey', () => {
  it('is Rows.toGroupKey without partition dimensions: time, then sorted dimensions with sorted distinct values', () => {
    const row = { user: ['y', 'x', 'y'], page: 'a', n: 5, empty: null, skipped: [], other: 'not a dimension' };
    expect(decode(hashPartitionKey(0, row, [], ['user', 'page', 'empty', 'n', 'skipped']))).toBe('[0,{"n":["5"],"page":["a"],"user":["x","y"]}]');
    expect(hashPartitionKeyText(1442016000000, { page: 'Main Page', channel: '#en.wikipedia' }, [], ['page', 'channel'])).toBe(
      '[1442016000000,{"channel":["#en.wikipedia"],"page":["Main Page"]}]',
    );
  });

  it('lists the partition dimensions values in order when partition dimensions are given', () => {
    const row = { country: 'US', tags: ['t2', 't1'], city: 'NYC' };
    expect(hashPartitionKeyText(0, row, ['country', 'tags'], ['country', 'city'])).toBe('[["US"],["t2","t1"]]');
    expect(hashPartitionKeyText(0, row, ['missing'], [])).toBe('[[]]');
    expect(hashPartitionKeyText(0, { m: ['a', null] }, ['m'], [])).toBe('[["a",null]]');
  });

  it('prints values as Java and escapes as Jackson', () => {
    expect(hashPartitionKeyText(0, { a: 1.5, b: 1e21, c: 42, d: true }, ['a', 'b', 'c', 'd'], [])).toBe('[["1.5"],["1.0E21"],["42"],["true"]]');
    expect(hashPartitionKeyText(0, { s: 'q"b\\s\n\t\u001f/é' }, ['s'], [])).toBe('[["q\\"b\\\\s\\n\\t\\u001F/é"]]');
    expect(Array.from(hashPartitionKey(0, { s: 'é' }, ['s'], []))).toEqual([...new TextEncoder().encode('[["é"]]')]);
  });
});

describe('murmur3Bucket', () => {
  // Expected values computed independently (MurmurHash3_x86_32, seed 0, then abs of Java's int remainder).
  const CASES: [string, number, number, number][] = [
    ['[0,{"n":["5"],"page":["a"],"user":["x","y"]}]', 1661145140, 3, 2],
    ['[["US"],["t2","t1"]]', -1404080101, 3, 1],
    ['[["US"],["t2","t1"]]', -1404080101, 7, 4],
    ['[["US"]]', -1430827992, 7, 6],
    ['[["FR"]]', -936941350, 7, 2],
    ['[["DE"]]', -481708341, 3, 0],
    ['[1442016000000,{"channel":["#en.wikipedia"],"page":["Main Page"]}]', 1624544606, 7, 6],
  ];

  it('matches hand-computed murmur3_32_abs buckets, including negative hashes', () => {
    for (const [key, hash, numBuckets, bucket] of CASES) {
      const bytes = new TextEncoder().encode(key);
      expect(murmur3Reference(bytes, 0, bytes.length)).toBe(hash);
      expect(murmur3Bucket(bytes, numBuckets)).toBe(bucket);
    }
  });

  it('agrees with the kernels TypeScript reference, one key or many', () => {
    const keys = ['US', 'FR', 'DE', 'JP', 'BR', 'IN', 'CN'].map((c) => hashPartitionKey(0, { country: c }, ['country'], ['country']));
    const expected = bucketsOf(Int32Array.from(keys.map((k) => murmur3Reference(k, 0, k.length))), 5);
    expect(Array.from(murmur3Buckets(keys, 5))).toEqual(Array.from(expected));
    expect(keys.map((k) => murmur3Bucket(k, 5))).toEqual(Array.from(expected));
  });
});
