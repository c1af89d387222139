import { describe, expect, it } from 'vitest';
import { columnRef, evaluate } from '@silt/expr';
import { frameFromRows, valueAt } from '@silt/frame';
import { parseRecordChunk } from '@silt/input';
import { parseTimestampSpec, timestampExpr, timestampReadType } from '../src/index.ts';

/** Parses `__time` with a timestampSpec from the given raw values, read as the spec reads them. */
function times(spec: unknown, values: readonly unknown[]): unknown[] {
  const ts = parseTimestampSpec(spec, ['timestampSpec']);
  const type = timestampReadType(ts);
  const frame = frameFromRows([{ name: ts.column, type }], values.map((v) => [v]));
  const column = evaluate(timestampExpr(ts, columnRef(ts.column, type)), frame);
  return values.map((_, i) => valueAt(column, i));
}

const T = Date.UTC(2015, 8, 12, 10, 46, 58, 771);

describe('timestampSpec formats', () => {
  it('iso', () => {
    expect(times({ column: 't', format: 'iso' }, ['2015-09-12T10:46:58.771Z', '2015-09-12T12:46:58.771+02:00', '2015-09-12', 'junk', null])).toEqual([
      T,
      T,
      Date.UTC(2015, 8, 12),
      null,
      null,
    ]);
  });

  it('auto reads digits as millis and anything else as ISO with T or space', () => {
    expect(times({ column: 't' }, [String(T), '2015-09-12T10:46:58.771Z', '2015-09-12 10:46:58.771', '-5', 'junk'])).toEqual([T, T, T, null, null]);
  });

  it('millis, posix, micro, nano and ruby read numbers', () => {
    expect(times({ column: 't', format: 'millis' }, [T, String(T), null])).toEqual([T, T, null]);
    expect(times({ column: 't', format: 'posix' }, [1442054818, '1442054818'])).toEqual([1442054818000, 1442054818000]);
    expect(times({ column: 't', format: 'micro' }, [T * 1000 + 999])).toEqual([T]);
    expect(times({ column: 't', format: 'nano' }, [T * 1_000_000])).toEqual([T]);
    expect(times({ column: 't', format: 'ruby' }, [1442054818.771])).toEqual([T]);
    expect(timestampReadType(parseTimestampSpec({ format: 'POSIX' }, []))).toBe('LONG');
  });

  it('Joda patterns, in UTC unless the text has a zone', () => {
    expect(times({ column: 't', format: 'dd/MM/yyyy HH:mm:ss' }, ['12/09/2015 10:46:58', '2015-09-12'])).toEqual([Date.UTC(2015, 8, 12, 10, 46, 58), null]);
    expect(times({ column: 't', format: "yyyy-MM-dd'T'HH:mm:ssZZ" }, ['2015-09-12T12:46:58+02:00'])).toEqual([Date.UTC(2015, 8, 12, 10, 46, 58)]);
  });

  it('missingValue replaces null timestamps only, not unparseable ones', () => {
    expect(times({ column: 't', format: 'iso', missingValue: '2000-01-01T01:02:03.456' }, [null, 'junk', '2015-09-12T10:46:58.771Z'])).toEqual([
      Date.UTC(2000, 0, 1, 1, 2, 3, 456),
      null,
      T,
    ]);
  });

  it('reads JSON numbers and strings through the input parser', () => {
    const spec = parseTimestampSpec({ column: 'time', format: 'auto' }, []);
    const chunk = { bytes: new TextEncoder().encode(`{"time":${T}}\n{"time":"2015-09-12T10:46:58.771Z"}`), source: 'test', firstRecord: 1 };
    const { frame } = parseRecordChunk(chunk, { type: 'json' }, [{ name: 'time', type: timestampReadType(spec) }]);
    const column = evaluate(timestampExpr(spec, columnRef('time', 'STRING')), frame);
    expect([valueAt(column, 0), valueAt(column, 1)]).toEqual([T, T]);
  });

  it('refuses bad formats and missing values', () => {
    expect(() => parseTimestampSpec({ format: 'yyyy-qq' }, ['spec', 'timestampSpec'])).toThrowError(/^spec\.timestampSpec\.format: Invalid timestamp format \[yyyy-qq\]/);
    expect(() => parseTimestampSpec({ missingValue: 'yesterday' }, ['spec', 'timestampSpec'])).toThrowError('spec.timestampSpec.missingValue: Invalid ISO-8601 timestamp [yesterday]');
  });
});
