import type { RowSignature } from '@silt/common';
import { call, columnRef, literal } from '@silt/expr';
import type { Frame, FrameColumn } from '@silt/frame';
import type { DataSegment } from '@silt/segment';
import { planSql } from '@silt/sql';
import { describe, expect, it } from 'vitest';
import type { InputSlice, SegmentToRead } from '../src/exec/input-slices.ts';
import { oneTaskGroupBy, partsCombineCheaply, rowParts, timeBucketKey } from '../src/exec/one-task-group-by.ts';
import type { QueryDefinition } from '../src/query-definition.ts';
import { buildQueryDefinition } from '../src/query-kit.ts';

const signature: RowSignature = [
  { name: '__time', type: 'LONG' },
  { name: 'channel', type: 'STRING' },
  { name: 'page', type: 'STRING' },
  { name: 'added', type: 'LONG' },
];
const catalog = { tableSignature: (ds: string) => (ds === 'wiki' || ds === 'other' ? signature : undefined) };
const definitionOf = (query: string, maxWorkers = 1): QueryDefinition => buildQueryDefinition(planSql({ query }, catalog, 'native'), { maxWorkers, rowsPerSegment: 3_000_000 });

const DAY = { start: Date.UTC(2015, 8, 12), end: Date.UTC(2015, 8, 13) };
const segment = (path: string | null): SegmentToRead => ({ segment: { interval: DAY } as DataSegment, intervals: [DAY], path });
const oneSegment: InputSlice[] = [{ type: 'table', segments: [segment('/seg/0/index.silt')] }];

const TOP_CHANNELS = 'SELECT channel, COUNT(*) AS n, SUM(added) FROM wiki GROUP BY 1 HAVING COUNT(*) > 1 ORDER BY 2 DESC LIMIT 10 OFFSET 2';

describe('a GROUP BY one task can finish (interactive queries)', () => {
  it('becomes one scan stage that completes the aggregation: merge ops, then ORDER BY / OFFSET / LIMIT', () => {
    const definition = definitionOf(TOP_CHANNELS);
    const [scan, merge, results] = definition.stages;
    const stage = oneTaskGroupBy(definition, oneSegment);
    expect(stage).not.toBeNull();
    expect(stage!.input).toEqual(scan!.input);
    expect(stage!.shuffleSpec).toBeNull();
    expect(stage!.signature).toEqual(results!.signature);
    if (stage!.processor.type !== 'scan' || merge!.processor.type !== 'groupByPostShuffle' || results!.processor.type !== 'results') throw new Error('unexpected stages');
    const complete = stage!.processor.completeAggregate!;
    // The merge stage's GROUP BY (unordered under the ORDER BY) and its HAVING filter.
    expect(complete.groupBy).toEqual(merge!.processor.groupBy);
    expect(complete.groupBy.unordered).toBe(true);
    expect(complete.mergeOps.map((op) => op.type)).toContain('filter');
    expect(complete.results).toEqual({ sort: [{ column: 'n', descending: true }], limit: 10, offset: 2, ops: results!.processor.ops });
    // A task reading a part of the rows writes partial groups as the scan stage would have.
    expect(complete.partialSignature).toEqual(scan!.signature);
  });

  it('keeps the GROUP BY key order of a query without ORDER BY, and applies to a GROUP BY without keys', () => {
    const ordered = oneTaskGroupBy(definitionOf("SELECT page, COUNT(*) FROM wiki WHERE channel = '#en' GROUP BY page"), oneSegment);
    expect(ordered?.processor.type === 'scan' && ordered.processor.completeAggregate?.results.sort).toEqual([{ column: 'page', descending: false }]);
    expect(oneTaskGroupBy(definitionOf('SELECT COUNT(*) FROM wiki'), oneSegment)).not.toBeNull();
  });

  it('does not apply when more than one task reads the rows or more than one partition merges them', () => {
    const definition = definitionOf(TOP_CHANNELS);
    const twoSegments: InputSlice[] = [{ type: 'table', segments: [segment('/seg/0/index.silt'), segment('/seg/1/index.silt')] }];
    const twoWorkers: InputSlice[] = [oneSegment[0]!, oneSegment[0]!];
    expect(oneTaskGroupBy(definition, twoSegments)).toBeNull();
    expect(oneTaskGroupBy(definition, twoWorkers)).toBeNull();
    expect(oneTaskGroupBy(definition, [{ type: 'table', segments: [] }])).toBeNull();
    expect(oneTaskGroupBy(definition, [{ type: 'table', segments: [segment(null)] }])).toBeNull();
    // Two workers' worth of hash partitions: the results stage sees the partitions in turn.
    expect(oneTaskGroupBy(definitionOf(TOP_CHANNELS, 2), oneSegment)).toBeNull();
  });

  it('does not apply to plans of other shapes', () => {
    for (const query of [
      // No GROUP BY; a GROUP BY over a subquery's GROUP BY; a GROUP BY whose rows a join reads; a join under the GROUP BY.
      "SELECT page FROM wiki WHERE channel = '#en' ORDER BY page LIMIT 3",
      'SELECT n, COUNT(*) FROM (SELECT channel, COUNT(*) AS n FROM wiki GROUP BY 1) GROUP BY 1',
      'SELECT g.channel, g.n FROM (SELECT channel, COUNT(*) AS n FROM wiki GROUP BY 1) g JOIN other o ON g.channel = o.channel',
      'SELECT w.channel, COUNT(*) FROM wiki w JOIN other o ON w.channel = o.channel GROUP BY 1',
    ]) {
      expect(oneTaskGroupBy(definitionOf(query), oneSegment), query).toBeNull();
    }
  });
});

describe('splitting the one task of a GROUP BY into row ranges, one per pool thread', () => {
  const scanOf = (query: string) => {
    const scan = definitionOf(query).stages[0]!.processor;
    if (scan.type !== 'scan') throw new Error('expected a scan');
    return scan;
  };
  const partsOf = (query: string, numRows: number, threads = 2) => {
    const scan = scanOf(query);
    return rowParts(numRows, scan.ops, scan.partialAggregate, threads);
  };
  const MILLION = 1_000_000;
  const EXACT = "SELECT channel, COUNT(*), SUM(added), MIN(added), MAX(__time), COUNT(page) FROM wiki WHERE channel <> '#en' GROUP BY 1";

  it('splits a segment of 2^19 rows or more evenly over the threads when every aggregate combines exactly', () => {
    expect(partsOf(EXACT, MILLION)).toEqual([
      { start: 0, end: 500_000 },
      { start: 500_000, end: MILLION },
    ]);
    expect(partsOf(EXACT, MILLION + 1, 3)).toEqual([
      { start: 0, end: 333_334 },
      { start: 333_334, end: 666_668 },
      { start: 666_668, end: MILLION + 1 },
    ]);
    expect(partsOf(EXACT, 1 << 19)).toHaveLength(2);
    expect(partsOf(EXACT, (1 << 19) - 1)).toBeNull();
    expect(partsOf(EXACT, MILLION, 1)).toBeNull();
    expect(partsOf('SELECT COUNT(*), SUM(added) FROM wiki', MILLION)).toHaveLength(2);
    // Fixed-length time buckets of a column: at most one group per bucket the segment spans.
    expect(partsOf("SELECT TIME_FLOOR(__time, 'PT1H'), COUNT(*) FROM wiki GROUP BY 1", MILLION)).toHaveLength(2);
    expect(partsOf("SELECT channel, TIME_FLOOR(__time, 'P1D'), SUM(added) FROM wiki GROUP BY 1, 2", MILLION)).toHaveLength(2);
  });

  it('keeps the task whole when an aggregate over parts would differ from one pass, or a key is not a column', () => {
    for (const query of [
      'SELECT channel, SUM(added * 0.5) FROM wiki GROUP BY 1',
      'SELECT channel, MIN(added / 3.0) FROM wiki GROUP BY 1',
      'SELECT channel, AVG(added) FROM wiki GROUP BY 1',
      'SELECT channel, COUNT(DISTINCT page) FROM wiki GROUP BY 1',
      'SELECT channel, LATEST(page) FROM wiki GROUP BY 1',
      // Keys computed from columns: how many groups they make is not known from the segment.
      'SELECT UPPER(channel), COUNT(*) FROM wiki GROUP BY 1',
      // Months are not of one length; a time zone or an origin is not taken.
      "SELECT TIME_FLOOR(__time, 'P1M'), COUNT(*) FROM wiki GROUP BY 1",
      "SELECT TIME_FLOOR(__time, 'PT1H', NULL, 'America/Los_Angeles'), COUNT(*) FROM wiki GROUP BY 1",
    ]) {
      expect(partsOf(query, MILLION), query).toBeNull();
    }
    expect(rowParts(MILLION, [], null, 2)).toBeNull();
  });

  it('combines parts only when the key columns hold few values', () => {
    const spec = (query: string) => scanOf(query).partialAggregate!;
    const strings = (size: number): FrameColumn => ({ kind: 'string', ids: new Int32Array(0), dictionary: Array.from({ length: size }, (_, i) => `v${i}`) });
    // Every row of a segment's columns: 30 channels, `pages` pages (no rows are needed).
    const segment = (pages: number): Frame => ({
      signature: signature.slice(1),
      numRows: 0,
      columns: [strings(30), strings(pages), { kind: 'numeric', values: new Float64Array(0), nulls: null }],
    });
    const none = new Map();
    expect(partsCombineCheaply(spec('SELECT channel, COUNT(*) FROM wiki GROUP BY 1'), segment(1023), none)).toBe(true);
    expect(partsCombineCheaply(spec('SELECT page, COUNT(*) FROM wiki GROUP BY 1'), segment(1023), none)).toBe(true);
    expect(partsCombineCheaply(spec('SELECT page, COUNT(*) FROM wiki GROUP BY 1'), segment(1024), none)).toBe(false);
    expect(partsCombineCheaply(spec('SELECT COUNT(*) FROM wiki'), segment(1023), none)).toBe(true);
    // 31 × 1024 groups at most; a numeric key's values are not counted.
    expect(partsCombineCheaply(spec('SELECT channel, page, COUNT(*) FROM wiki GROUP BY 1, 2'), segment(1023), none)).toBe(false);
    expect(partsCombineCheaply(spec('SELECT added, COUNT(*) FROM wiki GROUP BY 1'), segment(1023), none)).toBe(false);
  });

  it('counts the buckets of a time key between the least and greatest values of its column', () => {
    const spec = (query: string) => scanOf(query).partialAggregate!;
    const segment: Frame = { signature: [signature[1]!], numRows: 0, columns: [{ kind: 'string', ids: new Int32Array(0), dictionary: Array.from({ length: 30 }, (_, i) => `#${i}`) }] };
    const day = Date.UTC(2015, 8, 12);
    const oneDay = new Map([['__time', { min: day + 5, max: day + 86_399_999 }]]);
    const hourly = spec("SELECT TIME_FLOOR(__time, 'PT1H'), COUNT(*) FROM wiki GROUP BY 1");
    // 24 hours (and room for the edges and null).
    expect(partsCombineCheaply(hourly, segment, oneDay)).toBe(true);
    // 31 channels × 27 hours = 837; 31 × 1443 minutes is too many, and 1443 minutes alone.
    expect(partsCombineCheaply(spec("SELECT channel, TIME_FLOOR(__time, 'PT1H'), COUNT(*) FROM wiki GROUP BY 1, 2"), segment, oneDay)).toBe(true);
    expect(partsCombineCheaply(spec("SELECT TIME_FLOOR(__time, 'PT1M'), COUNT(*) FROM wiki GROUP BY 1"), segment, oneDay)).toBe(false);
    // 50 days of hours; a segment with no time values; a segment without the column.
    expect(partsCombineCheaply(hourly, segment, new Map([['__time', { min: day, max: day + 50 * 86_400_000 }]]))).toBe(false);
    expect(partsCombineCheaply(hourly, segment, new Map([['__time', { min: Number.NaN, max: Number.NaN }]]))).toBe(true);
    expect(partsCombineCheaply(hourly, segment, new Map())).toBe(false);
  });

  it('reads fixed-length time buckets from TIME_FLOOR of a column with a literal period', () => {
    const key = (query: string) => scanOf(query).partialAggregate!.keys[0]!.expr;
    expect(timeBucketKey(key("SELECT TIME_FLOOR(__time, 'PT1H'), COUNT(*) FROM wiki GROUP BY 1"))).toEqual({ column: '__time', size: 3_600_000 });
    expect(timeBucketKey(key("SELECT TIME_FLOOR(__time, 'P1W'), COUNT(*) FROM wiki GROUP BY 1"))).toEqual({ column: '__time', size: 604_800_000 });
    expect(timeBucketKey(key("SELECT TIME_FLOOR(__time, 'P1Y'), COUNT(*) FROM wiki GROUP BY 1"))).toBeNull();
    expect(timeBucketKey(key("SELECT TIME_FLOOR(__time, 'PT1H', TIMESTAMP '2015-09-12 00:30:00'), COUNT(*) FROM wiki GROUP BY 1"))).toBeNull();
    expect(timeBucketKey(key('SELECT channel, COUNT(*) FROM wiki GROUP BY 1'))).toBeNull();
    // A period that does not parse is no bucket (the query is read whole, and fails there as before).
    expect(timeBucketKey(call('TIME_FLOOR', [columnRef('__time', 'LONG'), literal('an hour', 'STRING')], 'LONG'))).toBeNull();
  });
});
