import { describe, expect, it } from 'vitest';
import { type Frame, type StringColumn, decodeFrame, encodeFrame, encodeUtf8Dictionary as utf8Of, frameToRows, gatherFrame, sliceFrame, utf8StringColumn } from '../src/index.ts';

/** Whether the column's strings have not been decoded yet (its `dictionary` is still the decoding getter). */
const undecoded = (column: StringColumn) => typeof Object.getOwnPropertyDescriptor(column, 'dictionary')?.get === 'function';

const strings = ['edit', '', 'page one', 'é', '😀 "q"', 'Zürich'];

function frameOf(column: StringColumn): Frame {
  return { signature: [{ name: 's', type: 'STRING' }], numRows: column.ids.length, columns: [column] };
}

describe('UTF-8 dictionaries', () => {
  it('are encoded with the count of the ASCII strings they start with', () => {
    expect(utf8Of(strings).asciiCount).toBe(3);
    expect(utf8Of(['a', 'bb']).asciiCount).toBe(2);
    expect(utf8Of([]).asciiCount).toBe(0);
    // Past the joined fast path too (over 1M characters).
    const long = ['x'.repeat(1 << 20), 'é', 'y'];
    const encoded = utf8Of(long);
    expect(encoded.asciiCount).toBe(1);
    expect(Array.from(encoded.offsets)).toEqual([0, 1 << 20, (1 << 20) + 2, (1 << 20) + 3]);
    expect(utf8Of(['x'.repeat(1 << 20), 'y']).asciiCount).toBe(2);
  });

  it('read as the strings they hold, ASCII and other, decoded once', () => {
    const column = utf8StringColumn(Int32Array.of(4, -1, 0, 5, 3, 1, 2, 0), utf8Of(strings));
    expect(undecoded(column)).toBe(true);
    expect(column.dictionary).toEqual(strings);
    expect(undecoded(column)).toBe(false);
    expect(column.dictionary).toBe(column.dictionary);
    expect(frameToRows(frameOf(column)).map((r) => r[0])).toEqual(['😀 "q"', null, 'edit', 'Zürich', 'é', '', 'page one', 'edit']);
  });

  it('are written to a frame as they are, the strings left undecoded, and read back as the same values', () => {
    for (const dictionary of [strings, ['a', 'bb', 'ccc']]) {
      const column = utf8StringColumn(Int32Array.of(2, 0, -1, 1, 2), utf8Of(dictionary));
      const bytes = encodeFrame(frameOf(column));
      expect(undecoded(column)).toBe(true);
      const back = decodeFrame(bytes);
      expect(frameToRows(back)).toEqual(frameToRows(frameOf(utf8StringColumn(column.ids, utf8Of(dictionary)))));
      // The same bytes as a frame of the decoded strings gives.
      expect(Buffer.from(bytes).equals(Buffer.from(encodeFrame(frameOf({ kind: 'string', ids: column.ids, dictionary }))))).toBe(true);
    }
  });

  it('stay undecoded when rows are gathered or sliced', () => {
    const column = utf8StringColumn(Int32Array.of(0, 1, 2, 3, 4, 5), utf8Of(strings));
    const gathered = gatherFrame(frameOf(column), [5, 0, 3]).columns[0] as StringColumn;
    const sliced = sliceFrame(frameOf(column), 2, 4).columns[0] as StringColumn;
    expect([undecoded(gathered), undecoded(sliced), undecoded(column)]).toEqual([true, true, true]);
    expect(gathered.utf8).toBe(column.utf8);
    expect(frameToRows(decodeFrame(encodeFrame(frameOf(gathered)))).map((r) => r[0])).toEqual(['Zürich', 'edit', 'é']);
    expect(frameToRows(frameOf(sliced)).map((r) => r[0])).toEqual(['page one', 'é']);
    // Columns over one UTF-8 dictionary share its decoded strings.
    expect(sliced.dictionary).toBe(column.dictionary);
  });
});
