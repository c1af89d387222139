/**
 * A STRING column of a frame in memory in the form segment dictionaries are built from (the
 * frame files' UTF-8 form, see `StringBytesColumn`). Only the entries some row uses are encoded:
 * frames cut from one larger frame share its whole dictionary.
 */
import type { StringBytesColumn, StringColumn } from '@silt/frame';

/** The first `numRows` rows of `column` with its used dictionary entries as UTF-8 (unused ones empty). */
export function stringBytesOf(column: StringColumn, numRows: number): StringBytesColumn {
  const { dictionary } = column;
  const ids = column.ids.subarray(0, numRows);
  const used = new Uint8Array(dictionary.length);
  let chars = 0;
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r]!;
    if (id < 0 || id >= dictionary.length || used[id] === 1) continue;
    used[id] = 1;
    chars += dictionary[id]!.length;
  }
  // A UTF-16 code unit takes at most 3 UTF-8 bytes.
  const data = Buffer.allocUnsafe(chars * 3);
  const offsets = new Uint32Array(dictionary.length + 1);
  let at = 0;
  for (let id = 0; id < dictionary.length; id++) {
    if (used[id] === 1) at += data.write(dictionary[id]!, at, 'utf8');
    offsets[id + 1] = at;
  }
  return { data: data.subarray(0, at), offsets, ids };
}
