import { describe, expect, it } from 'vitest';
import type { StringColumn } from '../src/index.ts';
import { compactDictionaries, compactDictionary, frameFromRows, frameToRows, gatherFrame, isDistinctDictionary, markDistinctDictionary } from '../src/index.ts';

describe('compactDictionaries', () => {
  const signature = [
    { name: 'page', type: 'STRING' },
    { name: 'n', type: 'LONG' },
  ] as const;
  const all = frameFromRows(signature, Array.from({ length: 50 }, (_, r) => [r % 10 === 0 ? null : `p${r}`, r]));

  it('keeps only the entries the rows use, with the same values, nulls and distinct mark', () => {
    const column = all.columns[0]!;
    if (column.kind !== 'string') throw new Error('expected a string column');
    markDistinctDictionary(column.dictionary);
    const few = gatherFrame(all, [42, 10, 7, 42]);
    const compacted = compactDictionaries(few);
    expect(frameToRows(compacted)).toEqual([['p42', 42], [null, 10], ['p7', 7], ['p42', 42]]);
    const page = compacted.columns[0]!;
    expect(page.kind === 'string' && page.dictionary).toEqual(['p7', 'p42']);
    expect(page.kind === 'string' && isDistinctDictionary(page.dictionary)).toBe(true);
  });

  it('leaves a frame whose dictionaries are at most twice its rows as it is', () => {
    // 45 entries: kept whole for 23 rows, cut for 22 (19 of them not null).
    expect(compactDictionaries(all)).toBe(all);
    const first = (n: number) => gatherFrame(all, Array.from({ length: n }, (_, r) => r));
    const mostlyUsed = first(23);
    expect(compactDictionaries(mostlyUsed)).toBe(mostlyUsed);
    const cut = compactDictionaries(first(22));
    expect(cut.columns[0]!.kind === 'string' && cut.columns[0]!.dictionary).toHaveLength(19);
    expect(frameToRows(cut)).toEqual(frameToRows(first(22)));
    // A column alone follows the same rule.
    expect(compactDictionary(first(22).columns[0] as StringColumn).dictionary).toEqual((cut.columns[0] as StringColumn).dictionary);
    expect(compactDictionary(mostlyUsed.columns[0] as StringColumn)).toBe(mostlyUsed.columns[0]);
  });
});
