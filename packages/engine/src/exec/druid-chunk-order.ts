/**
 * The order in which Druid's controller visits the time chunks of an ingest when it allocates their
 * segments. It groups partitions by chunk with `computeIfAbsent` on a `java.util.HashMap` keyed by
 * the chunk start (a Joda `DateTime` in UTC), filled in time order, and checks the chunks
 * (InsertTimeOutOfBounds first of all) in that map's iteration order. That order decides which chunk
 * a fault names, so Silt reproduces it:
 * - a `DateTime`'s hash is `(int) (millis ^ (millis >>> 32))` plus its chronology's hash, which for
 *   ISO in UTC is `"ISO".hashCode() * 11 + "UTC".hashCode()`;
 * - the map spreads a hash as `h ^ (h >>> 16)` and keeps the key in bin `spread & (capacity - 1)`;
 * - the capacity starts at 16; `computeIfAbsent` doubles it before adding a key when the map already
 *   holds more than 3/4 of it, and after adding a key to a bin that held 7 or more while the capacity
 *   is under 64;
 * - it adds a key at the head of its bin, and a resize keeps the order within a bin, so iteration
 *   visits bins in index order and the keys of one bin newest first.
 * Java turns a bin of 8 or more keys into a tree once the capacity is 64 or more, and iterates such a
 * bin in another order; Silt does not model that, so it can differ from Druid only when eight or
 * more chunks of one job share a bin of a table of 64 bins or more.
 */

const ISO_UTC_CHRONOLOGY_HASH = (Math.imul(javaStringHash('ISO'), 11) + javaStringHash('UTC')) | 0;
const INITIAL_CAPACITY = 16;
const TREEIFY_CAPACITY = 64;
/** A bin holding this many keys before an insertion becomes a tree (or resizes a small table). */
const TREEIFY_BIN = 7;

/**
 * Chunk starts (epoch millis, in the order the controller meets them: ascending time) in Druid's
 * visiting order.
 *
 * @example
 * druidChunkOrder([Date.UTC(2000, 0, 1), Date.UTC(2000, 0, 2), Date.UTC(2001, 0, 1)]); // 2000-01-02, 2001-01-01, 2000-01-01
 */
export function druidChunkOrder(starts: readonly number[]): number[] {
  const spread = starts.map((ms) => {
    const h = dateTimeHash(ms);
    return h ^ (h >>> 16);
  });
  let capacity = INITIAL_CAPACITY;
  let binSizes = new Map<number, number>();
  const resize = (inserted: number) => {
    capacity *= 2;
    binSizes = new Map();
    for (const s of spread.slice(0, inserted)) binSizes.set(s & (capacity - 1), (binSizes.get(s & (capacity - 1)) ?? 0) + 1);
  };
  spread.forEach((s, i) => {
    if (i > capacity * 0.75) resize(i);
    const bin = s & (capacity - 1);
    const before = binSizes.get(bin) ?? 0;
    binSizes.set(bin, before + 1);
    if (before >= TREEIFY_BIN && capacity < TREEIFY_CAPACITY) resize(i + 1);
  });
  return starts
    .map((start, i) => ({ start, i, bin: spread[i]! & (capacity - 1) }))
    .sort((a, b) => a.bin - b.bin || b.i - a.i)
    .map((e) => e.start);
}

/** Joda's `AbstractInstant.hashCode()` for an ISO instant in UTC. */
function dateTimeHash(ms: number): number {
  const millis = BigInt(ms);
  const folded = Number(BigInt.asIntN(32, millis ^ (BigInt.asUintN(64, millis) >> 32n)));
  return (folded + ISO_UTC_CHRONOLOGY_HASH) | 0;
}

function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
