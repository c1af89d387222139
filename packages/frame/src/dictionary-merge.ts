/** One piece of a dictionary-encoded string column: its dictionary and row ids (-1 = null). */
export interface DictionaryPart {
  readonly dictionary: readonly string[];
  readonly ids: Int32Array;
}

/** The result of {@link mergeDictionaries}. */
export interface MergedDictionary {
  /** The distinct values of the pieces' dictionaries, in first-seen order. */
  readonly dictionary: string[];
  /** Per piece: its local id → index in `dictionary` (pieces sharing a dictionary array share one). */
  readonly remaps: Int32Array[];
}

/**
 * Merges the dictionaries of several string column pieces into one: one hash lookup per entry of
 * each distinct dictionary array, visited in order (the strings of a decoded frame lie together in
 * memory; visiting them in row order would miss the cache), so pieces gathered from one frame
 * (sharing its dictionary) cost one lookup per entry in all. With `out`, the merged ids of every
 * row of the pieces, back to back, are written there (-1 for null; it must hold them all).
 *
 * @example
 * ```ts
 * const { dictionary, remaps } = mergeDictionaries([{ dictionary: ['b', 'a'], ids }, other]);
 * const merged = remaps[0][ids[r]]; // dictionary[merged] === 'b' when ids[r] === 0
 * ```
 */
export function mergeDictionaries(parts: readonly DictionaryPart[], out?: Int32Array): MergedDictionary {
  const lookup = new Map<string, number>();
  const dictionary: string[] = [];
  const remapOf = new Map<readonly string[], Int32Array>();
  let at = 0;
  const remaps = parts.map(({ dictionary: local, ids }) => {
    let remap = remapOf.get(local);
    if (!remap) {
      remap = new Int32Array(local.length);
      for (let id = 0; id < local.length; id++) {
        const value = local[id]!;
        let merged = lookup.get(value);
        if (merged === undefined) {
          merged = dictionary.push(value) - 1;
          lookup.set(value, merged);
        }
        remap[id] = merged;
      }
      remapOf.set(local, remap);
    }
    if (out) {
      remapRows(ids, remap, out, at);
      at += ids.length;
    }
    return remap;
  });
  return { dictionary, remaps };
}

/**
 * Writes each row's merged id from `at` (-1 for null). A function that ends with its loop: code
 * after a long loop, not yet run when V8 compiles the loop on the fly, made that code bail out at
 * the loop's end on every call (docs/performance.md, "V8 pitfalls").
 */
function remapRows(ids: Int32Array, remap: Int32Array, out: Int32Array, at: number): void {
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (id >= remap.length) throw new Error(`String id ${id} is outside its dictionary of ${remap.length}`);
    out[at + r] = id < 0 ? -1 : remap[id]!;
  }
}
