import { formatInterval } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { planError, planIngest, signatureOf } from './fixtures.ts';

const chunks = (query: string, parameters?: { type: string; value: unknown }[]): string[] | 'all' | null => {
  const { replaceTimeChunks } = planIngest(query, { parameters });
  return replaceTimeChunks === 'all' || replaceTimeChunks === null ? replaceTimeChunks : replaceTimeChunks.map(formatInterval);
};

describe('REPLACE', () => {
  it('OVERWRITE ALL replaces every time chunk', () => {
    const planned = planIngest('REPLACE INTO dst OVERWRITE ALL SELECT * FROM wikipedia PARTITIONED BY ALL TIME');
    expect(planned.kind).toBe('replace');
    expect(planned.replaceTimeChunks).toBe('all');
    expect(signatureOf(planned.plan)[0]).toBe('__time:LONG');
  });

  it('OVERWRITE WHERE turns a __time range into intervals', () => {
    expect(
      chunks("REPLACE INTO dst OVERWRITE WHERE __time >= TIMESTAMP '2000-01-01' AND __time < TIMESTAMP '2000-01-02' SELECT * FROM wikipedia PARTITIONED BY DAY"),
    ).toEqual(['2000-01-01T00:00:00.000Z/2000-01-02T00:00:00.000Z']);
    expect(
      chunks("REPLACE INTO dst OVERWRITE WHERE __time >= TIMESTAMP '2000-01-01' AND __time < TIMESTAMP '2000-05-01' SELECT * FROM wikipedia PARTITIONED BY MONTH"),
    ).toEqual(['2000-01-01T00:00:00.000Z/2000-05-01T00:00:00.000Z']);
  });

  it('OVERWRITE WHERE accepts string timestamps, OR of ranges, BETWEEN and TIME_IN_INTERVAL', () => {
    expect(chunks("REPLACE INTO dst OVERWRITE WHERE __time >= '2000-01-01' AND __time < '2000-01-03' SELECT * FROM wikipedia PARTITIONED BY DAY")).toEqual([
      '2000-01-01T00:00:00.000Z/2000-01-03T00:00:00.000Z',
    ]);
    expect(
      chunks(
        "REPLACE INTO dst OVERWRITE WHERE __time >= TIMESTAMP '2000-01-01' AND __time < TIMESTAMP '2000-02-01' " +
          "OR __time >= TIMESTAMP '2000-03-01' AND __time < TIMESTAMP '2000-04-01' SELECT * FROM wikipedia PARTITIONED BY MONTH",
      ),
    ).toEqual(['2000-01-01T00:00:00.000Z/2000-02-01T00:00:00.000Z', '2000-03-01T00:00:00.000Z/2000-04-01T00:00:00.000Z']);
    expect(
      chunks(
        "REPLACE INTO dst OVERWRITE WHERE __time BETWEEN TIMESTAMP '2000-01-01' AND TIMESTAMP '2000-01-31 23:59:59.999' SELECT * FROM wikipedia PARTITIONED BY MONTH",
      ),
    ).toEqual(['2000-01-01T00:00:00.000Z/2000-02-01T00:00:00.000Z']);
    expect(chunks("REPLACE INTO dst OVERWRITE WHERE TIME_IN_INTERVAL(__time, '2015-09-12/P2D') SELECT * FROM wikipedia PARTITIONED BY DAY")).toEqual([
      '2015-09-12T00:00:00.000Z/2015-09-14T00:00:00.000Z',
    ]);
    expect(
      chunks('REPLACE INTO dst OVERWRITE WHERE __time >= ? AND __time < ? SELECT * FROM wikipedia PARTITIONED BY HOUR', [
        { type: 'TIMESTAMP', value: '2000-01-01 10:00:00' },
        { type: 'VARCHAR', value: '2000-01-01 12:00:00' },
      ]),
    ).toEqual(['2000-01-01T10:00:00.000Z/2000-01-01T12:00:00.000Z']);
  });

  it('refuses intervals not aligned with PARTITIONED BY', () => {
    expect(
      planError(
        "REPLACE INTO dst OVERWRITE WHERE __time >= TIMESTAMP '2000-01-05 00:00:00' AND __time <= TIMESTAMP '2000-01-06 00:00:00' SELECT * FROM wikipedia PARTITIONED BY MONTH",
      ).message,
    ).toBe(
      'OVERWRITE WHERE clause identified interval [2000-01-05T00:00:00.000Z/2000-01-06T00:00:00.001Z] which is not aligned with ' +
        'PARTITIONED BY granularity [{type=period, period=P1M, timeZone=UTC, origin=null}]',
    );
    expect(
      planError(
        "REPLACE INTO dst OVERWRITE WHERE __time >= TIMESTAMP '2000-01-05 00:00:00' AND __time <= TIMESTAMP '2000-02-05 00:00:00' SELECT * FROM wikipedia PARTITIONED BY ALL TIME",
      ).message,
    ).toBe(
      'OVERWRITE WHERE clause identified interval [2000-01-05T00:00:00.000Z/2000-02-05T00:00:00.001Z] which is not aligned with PARTITIONED BY granularity [AllGranularity]',
    );
    expect(planError("REPLACE INTO dst OVERWRITE WHERE __time >= TIMESTAMP '2000-01-01' SELECT * FROM wikipedia PARTITIONED BY DAY").message).toMatch(
      /^OVERWRITE WHERE clause identified interval \[2000-01-01T00:00:00.000Z\/146140482-04-24T15:36:27.903Z\] which is not aligned/,
    );
  });

  it('refuses OVERWRITE WHERE conditions that are not __time ranges', () => {
    expect(planError("REPLACE INTO dst OVERWRITE WHERE __time LIKE '20__-02-01' SELECT * FROM wikipedia PARTITIONED BY MONTH").message).toBe(
      "Invalid OVERWRITE WHERE clause [__time LIKE '20__-02-01']: Unsupported operation [LIKE] in OVERWRITE WHERE clause.",
    );
    expect(planError('REPLACE INTO dst OVERWRITE WHERE TRUE SELECT * FROM wikipedia PARTITIONED BY MONTH').message).toBe(
      'Invalid OVERWRITE WHERE clause [TRUE]: expected clause including AND, OR, NOT, >, <, >=, <= OR BETWEEN operators',
    );
    expect(planError("REPLACE INTO dst OVERWRITE WHERE page > TIMESTAMP '2000-01-05 00:00:00' SELECT * FROM wikipedia PARTITIONED BY ALL TIME").message).toBe(
      "OVERWRITE WHERE clause only supports filtering on the __time column, got [page > TIMESTAMP '2000-01-05 00:00:00']",
    );
    expect(
      planError("REPLACE INTO dst OVERWRITE WHERE __time < TIMESTAMP '2000-01-01' AND __time > TIMESTAMP '2000-01-01' SELECT * FROM wikipedia PARTITIONED BY MONTH")
        .message,
    ).toBe(
      "The OVERWRITE WHERE clause [__time < TIMESTAMP '2000-01-01' AND __time > TIMESTAMP '2000-01-01'] produced no time intervals, are the bounds overly restrictive?",
    );
  });

  it('refuses a REPLACE without OVERWRITE ALL or OVERWRITE WHERE', () => {
    const expected =
      'Missing time chunk information in OVERWRITE clause for REPLACE. Use OVERWRITE WHERE <__time based condition> or OVERWRITE ALL to overwrite the entire table.';
    expect(planError('REPLACE INTO dst SELECT * FROM wikipedia PARTITIONED BY ALL TIME').message).toBe(expected);
    expect(planError('REPLACE INTO dst OVERWRITE SELECT * FROM wikipedia PARTITIONED BY ALL TIME').message).toBe(expected);
    expect(planError('REPLACE INTO "quoted name" OVERWRITE\n  SELECT * FROM wikipedia PARTITIONED BY ALL TIME').message).toBe(expected);
  });
});
