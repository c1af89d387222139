export { rng } from '../../../test/support/random.ts';

/** A random u64 from two 32-bit draws. */
export function randomU64(next: () => number): bigint {
  return (BigInt(Math.floor(next() * 2 ** 32)) << 32n) | BigInt(Math.floor(next() * 2 ** 32));
}
