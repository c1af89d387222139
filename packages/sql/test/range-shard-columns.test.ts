import { describe, expect, it } from 'vitest';
import { rangeShardColumns } from '../src/range-shard-columns.ts';
import { planIngest } from './fixtures.ts';

const shards = (query: string, context?: Record<string, unknown>) => planIngest(query, { context }).rangeShardColumns;

describe('range shard columns of a REPLACE', () => {
  it('takes every CLUSTERED BY column when all are strings in the output', () => {
    expect(shards('REPLACE INTO dst OVERWRITE ALL SELECT __time, channel, page FROM wikipedia PARTITIONED BY DAY CLUSTERED BY channel, page')).toEqual({
      columns: ['channel', 'page'],
      details: "Using 'range' shard specs with all CLUSTERED BY fields.",
    });
  });

  it('stops at the first column that is not a string', () => {
    expect(shards('REPLACE INTO dst OVERWRITE ALL SELECT __time, channel, added FROM wikipedia PARTITIONED BY DAY CLUSTERED BY channel, added')).toEqual({
      columns: ['channel'],
      details: "Using[1] CLUSTERED BY columns for 'range' shard specs, since the next column is of type[LONG]. Only string columns are included in 'range' shard specs.",
    });
    const planned = shards('REPLACE INTO dst OVERWRITE ALL SELECT __time, channel FROM wikipedia PARTITIONED BY ALL CLUSTERED BY channel, __time', {
      forceSegmentSortByTime: false,
    });
    expect(planned?.columns).toEqual(['channel']);
  });

  it('says the clause is empty without CLUSTERED BY or GROUP BY', () => {
    expect(shards('REPLACE INTO dst OVERWRITE ALL SELECT __time, channel FROM wikipedia PARTITIONED BY DAY')).toEqual({ columns: [], details: 'CLUSTERED BY clause is empty.' });
  });

  it('uses the GROUP BY keys of an aggregating REPLACE without CLUSTERED BY', () => {
    expect(shards('REPLACE INTO dst OVERWRITE ALL SELECT FLOOR(__time TO HOUR) AS __time, COUNT(*) AS cnt FROM wikipedia GROUP BY 1 PARTITIONED BY HOUR')).toEqual({
      columns: [],
      details: "Using[0] CLUSTERED BY columns for 'range' shard specs, since the next column is of type[LONG]. Only string columns are included in 'range' shard specs.",
    });
    expect(shards('REPLACE INTO dst OVERWRITE ALL SELECT channel, page, COUNT(*) AS cnt FROM wikipedia GROUP BY channel, page PARTITIONED BY ALL')?.columns).toEqual([
      'channel',
      'page',
    ]);
    expect(shards('REPLACE INTO dst OVERWRITE ALL SELECT COUNT(*) AS cnt FROM wikipedia GROUP BY channel PARTITIONED BY ALL')).toEqual({
      columns: [],
      details: "Using only[0] CLUSTERED BY columns for 'range' shard specs, since the next column was not mapped to an output column.",
    });
  });

  it('prefers CLUSTERED BY over the GROUP BY keys', () => {
    expect(shards('REPLACE INTO dst OVERWRITE ALL SELECT __time, channel, COUNT(*) AS cnt FROM wikipedia GROUP BY 1, 2 PARTITIONED BY DAY CLUSTERED BY channel')?.columns).toEqual([
      'channel',
    ]);
  });

  it('is absent for INSERT, whose segments are always numbered', () => {
    expect(shards('INSERT INTO dst SELECT __time, channel FROM wikipedia PARTITIONED BY DAY CLUSTERED BY channel')).toBeUndefined();
  });

  it('names non-string types as Druid does', () => {
    expect(rangeShardColumns([{ type: 'ARRAY<STRING>', outputName: 'tags' }]).details).toBe(
      "Using[0] CLUSTERED BY columns for 'range' shard specs, since the next column is of type[ARRAY<STRING>]. Only string columns are included in 'range' shard specs.",
    );
  });
});
