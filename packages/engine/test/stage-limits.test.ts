import { FaultError } from '@silt/common';
import { planSql } from '@silt/sql';
import { describe, expect, it } from 'vitest';
import { buildQueryDefinition } from '../src/query-kit.ts';

/** An INSERT of `__time` and `n` string columns read from EXTERN. */
function insertOf(n: number, tail: string): string {
  const columns = Array.from({ length: n }, (_, i) => `c${i}`);
  const signature = JSON.stringify([{ name: 't', type: 'string' }, ...columns.map((name) => ({ name, type: 'string' }))]);
  return `INSERT INTO dst SELECT TIME_PARSE(t) AS __time, ${columns.join(', ')} FROM TABLE(EXTERN('{"type":"inline","data":""}', '{"type":"json"}', '${signature}')) ${tail}`;
}

function faultOf(query: string): Record<string, unknown> | null {
  try {
    buildQueryDefinition(planSql({ query }, { tableSignature: () => undefined }, 'msq-task'), { maxWorkers: 1, rowsPerSegment: 3_000_000 });
    return null;
  } catch (e) {
    if (e instanceof FaultError) return { ...e.fault };
    throw e;
  }
}

describe("stage limits count the scan's ingest key columns (__boost, and __bucket unless PARTITIONED BY ALL)", () => {
  it('TooManyColumns', () => {
    expect(faultOf(insertOf(1999, 'PARTITIONED BY DAY'))).toMatchObject({ errorCode: 'TooManyColumns', numColumns: 2002, maxColumns: 2000 });
    expect(faultOf(insertOf(1999, 'PARTITIONED BY ALL'))).toMatchObject({ errorCode: 'TooManyColumns', numColumns: 2001 });
    expect(faultOf(insertOf(1998, 'PARTITIONED BY ALL'))).toBeNull();
    expect(faultOf(insertOf(1997, 'PARTITIONED BY DAY'))).toBeNull();
  });

  it('TooManyClusteredByColumns', () => {
    const clusteredBy = Array.from({ length: 1499 }, (_, i) => `c${i}`).join(', ');
    expect(faultOf(insertOf(1499, `PARTITIONED BY DAY CLUSTERED BY ${clusteredBy}`))).toMatchObject({ errorCode: 'TooManyClusteredByColumns', numColumns: 1501, maxColumns: 1500, stage: 0 });
    expect(faultOf(insertOf(1499, `PARTITIONED BY ALL CLUSTERED BY ${clusteredBy}`))).toBeNull();
  });
});
