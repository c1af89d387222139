import type { RowSignature } from '@silt/common';
import { frameToRows } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { parseRecordChunk } from '../src/index.ts';
import { readAll } from './read-all.ts';

const chunk = (text: string) => ({ bytes: new TextEncoder().encode(text), source: 'inline', firstRecord: 1 });

describe('regex input format', () => {
  const format = { type: 'regex', pattern: '(\\S+) (\\d+) \\[([^\\]]*)\\]( extra)?', columns: ['host', 'bytes', 'tags', 'x'], listDelimiter: ',' };
  const signature: RowSignature = [
    { name: 'host', type: 'STRING' },
    { name: 'bytes', type: 'LONG' },
    { name: 'tags', type: 'STRING' },
    { name: 'x', type: 'STRING' },
  ];

  it('maps groups to columns, splits list fields, and reports lines that do not match as a whole', () => {
    const parsed = parseRecordChunk(chunk('a.com 120 [t1,t2]\nb.com 7 [] extra\nc.com 5 [t]trailing\n\nd.com 1 [x]\r\n'), format, signature);
    expect(frameToRows(parsed.frame)).toEqual([
      ['a.com', 120, ['t1', 't2'], null],
      ['b.com', 7, '', ' extra'],
      ['d.com', 1, 'x', null],
    ]);
    expect(parsed.errors.map((e) => [e.recordNumber, e.excerpt, e.reason])).toEqual([
      [3, 'c.com 5 [t]trailing', `Incorrect Regex: ${format.pattern} . No match found.`],
      [4, '', `Incorrect Regex: ${format.pattern} . No match found.`],
    ]);
    expect(parsed.errors[0]!.message).toBe('Unable to parse row [c.com 5 [t]trailing] (Line: 3)');
  });

  it('names groups column_<n> without columns, and honours a leading (?i)', async () => {
    const { rows, errors } = await readAll({ type: 'inline', data: 'KEY=1\nkey=2\n' }, { type: 'regex', pattern: '(?i)key=(\\d)' }, [{ name: 'column_1', type: 'LONG' }]);
    expect(errors).toEqual([]);
    expect(rows).toEqual([[1], [2]]);
  });
});
