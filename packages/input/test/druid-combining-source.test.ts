import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Interval, parseInterval } from '@silt/common';
import { afterAll, describe, expect, it } from 'vitest';
import { type DruidSegmentResolver, effectiveInputFormat, isDruidSplit, listSplits, readRecordChunks } from '../src/index.ts';
import { makeTempDir, removeTempDirs } from './temp-dirs.ts';

afterAll(removeTempDirs);

const iv = (text: string): Interval => parseInterval(text);

/** A timeline written for the test: segments of `wiki`, with the datasource and interval asked recorded. */
function resolver(): DruidSegmentResolver & { asked: [string, Interval][] } {
  const asked: [string, Interval][] = [];
  const segments: Record<string, { path: string; size: number; intervals: Interval[]; id: string }[]> = {
    wiki: [
      { path: '/deep/wiki/a/index.silt', size: 100, intervals: [iv('2016-06-26/2016-06-28')], id: 'wiki_2016-06-26_2016-06-28_v1' },
      // Partly overshadowed: visible in two pieces, one outside the asked interval.
      { path: '/deep/wiki/b/index.silt', size: 200, intervals: [iv('2016-06-27T06:00/2016-06-27T12:00'), iv('2016-06-29/2016-06-30')], id: 'wiki_2016-06-27_2016-06-30_v1' },
      // Visible only outside the asked interval.
      { path: '/deep/wiki/c/index.silt', size: 300, intervals: [iv('2016-07-01/2016-07-02')], id: 'wiki_2016-07-01_2016-07-02_v1' },
    ],
  };
  return {
    asked,
    async segmentsFor(dataSource, interval) {
      asked.push([dataSource, interval]);
      return segments[dataSource] ?? [];
    },
  };
}

describe('druid input source', () => {
  const inputSource = {
    type: 'druid',
    dataSource: 'wiki',
    interval: '2016-06-27/P1D',
    filter: { type: 'selector', dimension: 'page', value: 'Main' },
    dimensions: ['page', 'user'],
    metrics: ['added'],
  };

  it('is one split per visible segment, with its intervals clipped to the asked interval', async () => {
    const timeline = resolver();
    const splits = await listSplits(inputSource, { druidSegments: timeline });
    expect(timeline.asked).toEqual([['wiki', iv('2016-06-27/2016-06-28')]]);
    expect(splits).toEqual([
      {
        source: '/deep/wiki/a/index.silt',
        size: 100,
        inputSource,
        segmentId: 'wiki_2016-06-26_2016-06-28_v1',
        intervals: [iv('2016-06-27/2016-06-28')],
        filter: { type: 'selector', dimension: 'page', value: 'Main' },
        dimensions: ['page', 'user'],
        metrics: ['added'],
      },
      {
        source: '/deep/wiki/b/index.silt',
        size: 200,
        inputSource,
        segmentId: 'wiki_2016-06-27_2016-06-30_v1',
        intervals: [iv('2016-06-27T06:00/2016-06-27T12:00')],
        filter: { type: 'selector', dimension: 'page', value: 'Main' },
        dimensions: ['page', 'user'],
        metrics: ['added'],
      },
    ]);
    expect(splits.every(isDruidSplit)).toBe(true);
    expect(structuredClone(splits)).toEqual(splits);
  });

  it('leaves dimensions, metrics and filter null when not given', async () => {
    const [split] = await listSplits({ type: 'druid', dataSource: 'wiki', interval: '2016-06-26/2016-06-27' }, { druidSegments: resolver() });
    expect(split).toMatchObject({ segmentId: 'wiki_2016-06-26_2016-06-28_v1', filter: null, dimensions: null, metrics: null });
  });

  it('gives no splits for a datasource without segments in the interval, as Druid', async () => {
    expect(await listSplits({ type: 'druid', dataSource: 'empty', interval: '2016/2017' }, { druidSegments: resolver() })).toEqual([]);
  });

  it('fails clearly without a resolver, and is not read as bytes', async () => {
    await expect(listSplits(inputSource)).rejects.toThrow('The druid input source (dataSource [wiki]) needs the segment timeline: call listSplits with context.druidSegments');
    const [split] = await listSplits(inputSource, { druidSegments: resolver() });
    expect(() => effectiveInputFormat(split!.inputSource, undefined)).toThrow('A druid input source has no input format');
    const reading = (async () => {
      for await (const chunk of readRecordChunks(split!, { type: 'json' })) return chunk;
    })();
    await expect(reading).rejects.toThrow('A druid input source has no input format');
  });
});

describe('combining input source', () => {
  it('lists the splits of every delegate, in order, each carrying its own delegate spec', async () => {
    const dir = makeTempDir();
    for (const name of ['b.json', 'a.json']) writeFileSync(path.join(dir, name), '{"x":1}\n');
    const local = { type: 'local', baseDir: dir, filter: '*.json' };
    const druid = { type: 'druid', dataSource: 'wiki', interval: '2016-06-27/P1D' };
    const sql = {
      type: 'sql',
      database: { type: 'mysql', connectorConfig: { connectURI: 'jdbc:mysql://db:3306/x', user: 'u', password: 'p' } },
      sqls: ['SELECT 1', 'SELECT 2'],
    };
    const inline = { type: 'combining', delegates: [{ type: 'combining', delegates: [sql] }, local, druid] };
    const splits = await listSplits(inline, { druidSegments: resolver() });
    expect(splits.map((s) => [s.source, s.inputSource.type])).toEqual([
      ['SELECT 1', 'sql'],
      ['SELECT 2', 'sql'],
      [path.join(dir, 'a.json'), 'local'],
      [path.join(dir, 'b.json'), 'local'],
      ['/deep/wiki/a/index.silt', 'druid'],
      ['/deep/wiki/b/index.silt', 'druid'],
    ]);
    expect(splits[2]!.inputSource).toBe(local);
    expect(splits.map(isDruidSplit)).toEqual([false, false, false, false, true, true]);
    expect(effectiveInputFormat(splits[0]!.inputSource, { type: 'csv', columns: ['x'] })).toEqual({ type: 'json' });
    expect(effectiveInputFormat(splits[2]!.inputSource, { type: 'csv', columns: ['x'] })).toEqual({ type: 'csv', columns: ['x'] });
  });
});
