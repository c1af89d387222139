import { FaultError } from '@silt/common';
import { type Frame, encodeUtf8Dictionary, utf8StringColumn } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { checkRowSizes } from '../src/exec/row-size.ts';

/** One row: a STRING column over a UTF-8 dictionary holding `a`, and a plain STRING column holding `b`. */
function row(a: string, b: string): Frame {
  return {
    signature: [{ name: 'a', type: 'STRING' }, { name: 'b', type: 'STRING' }],
    numRows: 1,
    columns: [utf8StringColumn(Int32Array.of(0), encodeUtf8Dictionary([a])), { kind: 'string', ids: Int32Array.of(0), dictionary: [b] }],
  };
}

const faultOf = (frame: Frame) => {
  try {
    checkRowSizes(frame, 1_000_000);
    return null;
  } catch (e) {
    return e instanceof FaultError ? e.fault.errorCode : e;
  }
};

describe("Druid's RowTooLarge", () => {
  it('counts the UTF-8 bytes of strings, from a UTF-8 dictionary as from strings', () => {
    // 300,000 two-byte characters are 600,000 bytes.
    expect(faultOf(row('é'.repeat(300_000), 'y'.repeat(350_000)))).toBeNull();
    expect(faultOf(row('é'.repeat(300_000), 'y'.repeat(450_000)))).toBe('RowTooLarge');
    expect(faultOf(row('x', 'é'.repeat(500_001)))).toBe('RowTooLarge');
  });
});
