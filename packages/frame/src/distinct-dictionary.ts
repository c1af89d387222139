/**
 * Dictionaries known to hold each value once. Most do (builders, segment dictionaries, decoded
 * frames of those); one a string function evaluated entry by entry may not (LOWER of 'A' and 'a').
 * A group-by over a dictionary known distinct can key its groups by entry, with no hash lookup per
 * value. Marking is by identity, so a dictionary shared by gathered frames stays marked.
 */
const distinctDictionaries = new WeakSet<readonly string[]>();

/** Records that `dictionary` holds no value twice; returns it. Never mark one that might. */
export function markDistinctDictionary<T extends readonly string[]>(dictionary: T): T {
  distinctDictionaries.add(dictionary);
  return dictionary;
}

/** Whether `dictionary` was marked as holding no value twice. */
export function isDistinctDictionary(dictionary: readonly string[]): boolean {
  return distinctDictionaries.has(dictionary);
}
