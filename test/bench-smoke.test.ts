import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATOR } from '../bench/datasets.ts';
import { BenchUsageError, parseBenchArgs } from '../bench/options.ts';
import { pairedFactor } from '../bench/measurements.ts';
import { formatReport } from '../bench/report.ts';
import { runBench } from '../bench/suite.ts';

describe('scaling factors', () => {
  it('are the median of the repetitions\' ratios, not a ratio of medians', () => {
    const samples = (...seconds: number[]) => seconds.map((s) => ({ ms: s * 1000, peakRssBytes: 0, diskBytes: 0 }));
    // Ratios 2, 4 and 3 (median 3), where the medians 20 and 5 would give 4.
    expect(pairedFactor(samples(10, 20, 30), samples(5, 5, 10))).toBe(3);
  });
});

describe('bench options', () => {
  it('defaults to every part but the 5x file, and --full adds it', () => {
    const defaults = parseBenchArgs([], {});
    expect(defaults?.rows).toBe(1_000_000);
    expect(defaults?.reps).toBe(3);
    expect([...(defaults?.parts ?? [])].sort()).toEqual(['gz', 'ingest', 'kernels', 'queries', 'workers']);
    expect(parseBenchArgs(['--full'], {})?.parts.has('rows')).toBe(true);
    expect([...(parseBenchArgs([], { SILT_BENCH_ONLY: 'kernels', SILT_BENCH_ROWS: '5000' })?.parts ?? [])]).toEqual(['kernels']);
    expect(parseBenchArgs(['--rows', '7'], { SILT_BENCH_ROWS: '5000' })?.rows).toBe(7);
  });

  it('rejects unknown parts and bad numbers', () => {
    expect(() => parseBenchArgs(['--only', 'ingest,bogus'], {})).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--reps', '0'], {})).toThrow(/--reps must be a positive integer/);
    expect(() => parseBenchArgs(['--nope'], {})).toThrow(BenchUsageError);
  });
});

const generatorPresent = existsSync(GENERATOR);
if (!generatorPresent) console.log(`skipping the bench smoke run: ${GENERATOR} is absent (../shared/bench is not beside this clone)`);

describe.skipIf(!generatorPresent)('bench smoke run', () => {
  it('runs every measured part on 2,000 rows and fills every table row with numbers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'silt-bench-smoke-'));
    try {
      const args = ['--rows', '2000', '--reps', '1', '--query-runs', '1', '--only', 'ingest,gz,workers,rows,queries', '--data-dir', dataDir];
      const options = parseBenchArgs(args, {});
      if (!options) throw new Error('options expected');
      const result = await runBench(options, () => {});
      expect(result.rows.map((row) => row.key)).toEqual([
        'ingest.plain',
        'rss.plain',
        'disk',
        'query.topChannels',
        'query.topPagesFiltered',
        'query.hourlySeries',
        'query.topChannels.inProcess',
        'query.topPagesFiltered.inProcess',
        'query.hourlySeries.inProcess',
        'ingest.gz',
        'rss.gz',
        'ingest.oneThread',
        'scaling.threads',
        'ingest.oneWorker',
        'scaling.workers',
        'ingest.fiveCopies',
        'rss.fiveCopies',
        'scaling.rows',
      ]);
      for (const row of result.rows) {
        for (const value of [row.silt, row.duckdb, row.ratio, ...row.siltRaw, ...row.duckdbRaw]) {
          expect(Number.isFinite(value) && value > 0, `${row.key}: ${value}`).toBe(true);
        }
        // one repetition, one run per query: one sample per system; factor rows have none
        expect([row.siltRaw.length, row.duckdbRaw.length]).toEqual(row.unit === 'x' ? [0, 0] : [1, 1]);
      }
      expect(result.checks.filter((check) => !check.ok)).toEqual([]);
      expect(result.checks.map((check) => check.name)).toEqual(expect.arrayContaining(['five-copies: row count', 'plain beside five-copies: row count', 'plain beside one-thread: row count']));
      expect(result.machine.duckdb).toMatch(/^v\d+\.\d+/);
      expect(formatReport(result)).toContain('ingest 2K rows, gzip JSON');
      expect(existsSync(join(dataDir, 'scratch'))).toBe(false);
      expect(existsSync(join(dataDir, 'wiki-2000.json.gz'))).toBe(true);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
