import { frameFromRows } from '@silt/frame';
import { describe, expect, it } from 'vitest';
import { REPORT_RESULTS_LIMIT, type ReportInput, buildReport, emptyReportInput } from '../src/exec/report.ts';

/** A finished run's report input with nothing but what a test sets. */
function reportInput(over: Partial<ReportInput>): ReportInput {
  return emptyReportInput('query-1', { startTime: Date.parse('2024-01-01T00:00:00Z'), endTime: Date.parse('2024-01-01T00:00:01Z'), definition: { queryId: 'q', stages: [] }, ...over });
}

describe('report results', () => {
  it('carries TIMESTAMP cells as epoch millis, with sqlTypeNames saying which columns are times', () => {
    const t = Date.parse('2016-06-27T01:00:00Z');
    const frame = frameFromRows([{ name: '__time', type: 'LONG' }, { name: 'page', type: 'STRING' }], [[t, 'a'], [null, 'b']]);
    const { payload } = buildReport(reportInput({ results: { frame, sqlTypeNames: ['TIMESTAMP', 'VARCHAR'], columnNames: ['__time', 'page'], truncate: false } })).multiStageQuery;
    expect(payload.results).toEqual({
      signature: [{ name: '__time', type: 'LONG' }, { name: 'page', type: 'STRING' }],
      sqlTypeNames: ['TIMESTAMP', 'VARCHAR'],
      results: [[t, 'a'], [null, 'b']],
      resultsTruncated: false,
    });
  });

  it('names the signature columns as the query wrote them, so two may share a name (as in Druid)', () => {
    const frame = frameFromRows([{ name: 'x', type: 'LONG' }, { name: 'x0', type: 'STRING' }], [[1, 'a']]);
    const { results } = buildReport(reportInput({ results: { frame, sqlTypeNames: ['BIGINT', 'VARCHAR'], columnNames: ['x', 'x'], truncate: false } })).multiStageQuery.payload;
    expect(results).toMatchObject({ signature: [{ name: 'x', type: 'LONG' }, { name: 'x', type: 'STRING' }] });
  });

  it('keeps the first rows up to the limit when asked (durableStorage) and says the rest were truncated', () => {
    const frame = frameFromRows([{ name: 'n', type: 'LONG' }], Array.from({ length: REPORT_RESULTS_LIMIT + 1 }, (_, i) => [i]));
    const { results } = buildReport(reportInput({ results: { frame, sqlTypeNames: ['BIGINT'], columnNames: ['n'], truncate: true } })).multiStageQuery.payload;
    expect(results).toMatchObject({ resultsTruncated: true });
    expect((results!.results as unknown[][]).at(-1)).toEqual([REPORT_RESULTS_LIMIT - 1]);
    const all = buildReport(reportInput({ results: { frame, sqlTypeNames: ['BIGINT'], columnNames: ['n'], truncate: false } })).multiStageQuery.payload.results;
    expect(all).toMatchObject({ resultsTruncated: false });
    expect(all!.results as unknown[][]).toHaveLength(REPORT_RESULTS_LIMIT + 1);
  });
});

describe('report segmentReport', () => {
  it('is in the status once segments are allocated, and absent before', () => {
    const segmentReport = { shardSpec: 'NumberedShardSpec', details: 'CLUSTERED BY clause is empty.' } as const;
    expect(buildReport(reportInput({ segmentReport })).multiStageQuery.payload.status.segmentReport).toEqual(segmentReport);
    expect(buildReport(reportInput({})).multiStageQuery.payload.status).not.toHaveProperty('segmentReport');
  });
});
