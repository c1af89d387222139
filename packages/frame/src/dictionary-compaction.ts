import type { FrameColumn, StringColumn } from './column.ts';
import { isDistinctDictionary, markDistinctDictionary } from './distinct-dictionary.ts';
import type { Frame } from './frame.ts';

/**
 * `frame` with every string column whose dictionary has over twice as many entries as the frame
 * has rows cut down to the entries those rows use (kept in dictionary order). A few rows gathered
 * from a large frame (the top 10 of 40,000 groups) otherwise carry the whole dictionary into every
 * frame they are encoded to, and every decode of it reads it back. A dictionary mostly in use is
 * left whole: cutting it would copy most of it for little gain.
 */
export function compactDictionaries(frame: Frame): Frame {
  const oversized = (c: FrameColumn): c is StringColumn => c.kind === 'string' && isOversized(c);
  if (!frame.columns.some(oversized)) return frame;
  return { ...frame, columns: frame.columns.map((c) => (oversized(c) ? compactColumn(c) : c)) };
}

/** One string column, cut down as {@link compactDictionaries} cuts a frame's. */
export function compactDictionary(column: StringColumn): StringColumn {
  return isOversized(column) ? compactColumn(column) : column;
}

function isOversized(column: StringColumn): boolean {
  return column.dictionary.length > 2 * column.ids.length;
}

function compactColumn(column: StringColumn): StringColumn {
  const { ids, dictionary } = column;
  const newIdOf = new Int32Array(dictionary.length).fill(-1);
  for (let i = 0; i < ids.length; i++) if (ids[i]! >= 0) newIdOf[ids[i]!] = 0;
  const kept: string[] = [];
  for (let entry = 0; entry < dictionary.length; entry++) if (newIdOf[entry] === 0) newIdOf[entry] = kept.push(dictionary[entry]!) - 1;
  const out = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = ids[i]! < 0 ? -1 : newIdOf[ids[i]!]!;
  // A part of a dictionary that holds each value once holds each value once.
  return { kind: 'string', ids: out, dictionary: isDistinctDictionary(dictionary) ? markDistinctDictionary(kept) : kept };
}
