import { FaultError, type RowSignature } from '@silt/common';
import { call, columnRef, literal } from '@silt/expr';
import { type Frame, type StringColumn, encodeUtf8Dictionary, frameFromRows, frameToRows, utf8StringColumn } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { applyOps } from '../src/exec/frame-ops.ts';
import { applyNullBytePolicy, findNullByte, firstInputRowWithNullByte, removeNullBytes } from '../src/exec/null-bytes.ts';
import type { FrameOp } from '../src/query-definition.ts';

const SIGNATURE: RowSignature = [
  { name: 'n', type: 'LONG' },
  { name: 's', type: 'STRING' },
  { name: 'mv', type: 'STRING' },
  { name: 'arr', type: 'ARRAY<STRING>' },
  { name: 'j', type: 'COMPLEX<json>' },
];

const frame = frameFromRows(SIGNATURE, [
  [1, 'ok', null, null, { k: 'a\u0000' }],
  [2, 'fine', ['x', 'y\u0000z'], null, null],
  [3, 'a\u0000', null, ['b\u0000'], null],
  [4, 'a', 'é\u0000', null, null],
]);

function faultOf(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    if (e instanceof FaultError) return e.fault;
    throw e;
  }
  throw new Error('no fault');
}

describe('null bytes in rows written to frames', () => {
  it('finds the first string value holding one, by row then column, skipping non-string columns', () => {
    expect(findNullByte(frame)).toEqual({ row: 1, column: 'mv', value: 'y\u0000z' });
    expect(findNullByte(frameFromRows(SIGNATURE, [[1, 'ok', null, null, { k: '\u0000' }]]))).toBeNull();
  });

  it('fails with InvalidNullByte under reject: the value, its column and the UTF-8 byte position of the null byte', () => {
    const only = frameFromRows(SIGNATURE, [[4, 'a', 'é\u0000', null, null]]);
    expect(faultOf(() => applyNullBytePolicy(only, 'reject', () => ({ source: 'in.csv', rowNumber: 7 })))).toMatchObject({
      errorCode: 'InvalidNullByte',
      source: 'in.csv',
      rowNumber: 7,
      column: 'mv',
      value: 'é\u0000',
      position: 2,
    });
    expect(faultOf(() => applyNullBytePolicy(only, 'reject'))).toMatchObject({ source: null, rowNumber: null });
  });

  it('drops null bytes under remove, merging dictionary entries that become equal', () => {
    const cleaned = removeNullBytes(frame);
    expect(frameToRows(cleaned).map((r) => r.slice(1, 4))).toEqual([
      ['ok', null, null],
      ['fine', ['x', 'yz'], null],
      ['a', null, ['b']],
      ['a', 'é', null],
    ]);
    const s = cleaned.columns[1]!;
    expect(s.kind === 'string' && s.dictionary.filter((v) => v === 'a')).toHaveLength(1);
    // JSON is not a string column: left alone.
    expect(frameToRows(cleaned)[0]![4]).toEqual({ k: 'a\u0000' });
  });

  it('keeps the frame as it is under keep, and when no string holds a null byte', () => {
    expect(applyNullBytePolicy(frame, 'keep')).toBe(frame);
    const clean = frameFromRows(SIGNATURE, [[1, 'ok', ['x'], ['y'], null]]);
    expect(applyNullBytePolicy(clean, 'remove')).toBe(clean);
    expect(applyNullBytePolicy(clean, 'reject')).toBe(clean);
  });

  it('names the input row whose output holds the first null byte, through filters and projections', () => {
    const input = frameFromRows([{ name: 'n', type: 'LONG' }, { name: 's', type: 'STRING' }], [
      [1, 'x\u0000'],
      [2, 'ok'],
      [3, 'y\u0000'],
      [4, 'z'],
    ]);
    const ops: FrameOp[] = [
      { type: 'filter', condition: call('>', [columnRef('n', 'LONG'), literal(1, 'LONG')], 'LONG') },
    ];
    expect(firstInputRowWithNullByte(input, (f) => applyOps(f, ops))).toBe(2);
    expect(firstInputRowWithNullByte(input, (f) => f)).toBe(0);
    expect(firstInputRowWithNullByte(frameFromRows(input.signature, [[1, 'ok']]), (f) => f)).toBe(-1);
  });

  it('reads the bytes of a UTF-8 dictionary: strings without a zero byte stay undecoded, one with it is found and cleaned', () => {
    const utf8Frame = (text: string, ids: number[]): Frame => ({
      signature: [{ name: 's', type: 'STRING' }],
      numRows: ids.length,
      columns: [utf8StringColumn(Int32Array.from(ids), encodeUtf8Dictionary(text.split('|')))],
    });
    const clean = utf8Frame('é|b', [0, 1, -1]);
    expect(applyNullBytePolicy(clean, 'reject')).toBe(clean);
    expect(applyNullBytePolicy(clean, 'remove')).toBe(clean);
    expect(typeof Object.getOwnPropertyDescriptor(clean.columns[0] as StringColumn, 'dictionary')?.get).toBe('function');
    const dirty = utf8Frame('é|a\u0000|a', [0, 2, 1]);
    expect(faultOf(() => applyNullBytePolicy(dirty, 'reject'))).toMatchObject({ errorCode: 'InvalidNullByte', column: 's', value: 'a\u0000', position: 1 });
    expect(frameToRows(applyNullBytePolicy(dirty, 'remove'))).toEqual([['é'], ['a'], ['a']]);
  });
});
