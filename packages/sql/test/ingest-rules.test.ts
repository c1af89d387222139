import { describe, expect, it } from 'vitest';
import { planError, planIngest, WIKIPEDIA_EXTERN } from './fixtures.ts';

const WARNING =
  'Warning: support for segments not sorted by[__time] is experimental. Such segments are not readable by older version of Druid, ' +
  'and certain queries cannot run on them. See https://druid.apache.org/docs/latest/ingestion/partitioning#sorting for details before ' +
  'setting forceSegmentSortByTime to[false].';

describe('__time must be a TIMESTAMP (MSQTaskSqlEngine.validateTimeColumnType)', () => {
  it('testInsertWrongTypeTimestamp: refuses a VARCHAR or BIGINT column aliased __time', () => {
    expect(planError('INSERT INTO foo1 SELECT page AS __time, added FROM wikipedia PARTITIONED BY DAY CLUSTERED BY page').message).toBe(
      'Field[__time] was the wrong type[VARCHAR], expected TIMESTAMP',
    );
    expect(planError('INSERT INTO foo1 SELECT added AS __time, page FROM wikipedia PARTITIONED BY DAY').message).toBe(
      'Field[__time] was the wrong type[BIGINT], expected TIMESTAMP',
    );
    expect(planError('INSERT INTO foo1 SELECT TIMESTAMP_TO_MILLIS(__time) AS __time FROM wikipedia PARTITIONED BY ALL').message).toBe(
      'Field[__time] was the wrong type[BIGINT], expected TIMESTAMP',
    );
  });

  it('accepts TIME_PARSE, TIMESTAMP literals, CAST AS TIMESTAMP, MILLIS_TO_TIMESTAMP, FLOOR(__time TO …), MAX(__time) and EXTERN __time', () => {
    for (const time of [
      "TIME_PARSE('2000-01-01')",
      "TIMESTAMP '2000-01-01 00:00:00'",
      'CAST(added AS TIMESTAMP)',
      'MILLIS_TO_TIMESTAMP(added)',
      'FLOOR(__time TO DAY)',
      "COALESCE(TIME_PARSE(page), TIMESTAMP '2000-01-01 00:00:00')",
    ]) {
      expect(planIngest(`INSERT INTO dst SELECT ${time} AS __time, page FROM wikipedia PARTITIONED BY DAY`).plan.signature[0], time).toEqual({
        name: '__time',
        type: 'LONG',
      });
    }
    expect(planIngest('INSERT INTO dst SELECT MAX(__time) AS __time, page FROM wikipedia GROUP BY page PARTITIONED BY DAY').kind).toBe('insert');
    const extern = `TABLE(EXTERN('{"type":"inline","data":"{}"}', '{"type":"json"}', '[{"name":"__time","type":"long"},{"name":"flags","type":"string"}]'))`;
    expect(planIngest(`INSERT INTO foo1 SELECT __time, flags FROM ${extern} WHERE __time > TIMESTAMP '1999-01-01 00:00:00' PARTITIONED BY day`).kind).toBe(
      'insert',
    );
  });
});

describe('MSQInsertTest validation errors', () => {
  it('testIncorrectInsertQuery: CLUSTERED BY before PARTITIONED BY', () => {
    expect(planError('insert into foo1 select  __time, page , count(*) as cnt from wikipedia  where page is not null group by 1, 2 clustered by page').message).toBe(
      'CLUSTERED BY found before PARTITIONED BY, CLUSTERED BY must come after the PARTITIONED BY clause',
    );
  });

  it('testInsertDuplicateColumnNames', () => {
    expect(planError(`INSERT INTO foo1 SELECT TIME_PARSE("timestamp") AS __time, page, "user" AS page FROM ${WIKIPEDIA_EXTERN} PARTITIONED BY day`).message).toBe(
      'Duplicate field in SELECT: [page]',
    );
  });

  it('testInsertOnFoo1WithMultiValueMeasureGroupBy: aggregate in GROUP BY', () => {
    expect(planError('INSERT INTO foo1 SELECT count(channel) FROM wikipedia WHERE channel IS NOT NULL GROUP BY 1 PARTITIONED BY ALL TIME').message).toMatch(
      /^Aggregate expression is illegal in GROUP BY clause/,
    );
  });

  it('testInsertLimitWithPeriodGranularityThrowsException and testInsertOffsetThrowsException', () => {
    expect(planError('INSERT INTO foo SELECT __time, ratio FROM wikipedia LIMIT 50 PARTITIONED BY MONTH').message).toBe(
      'INSERT and REPLACE queries cannot have a LIMIT unless PARTITIONED BY is "ALL".',
    );
    expect(planError('INSERT INTO foo SELECT __time, ratio FROM wikipedia LIMIT 50 OFFSET 10 PARTITIONED BY ALL TIME').message).toBe(
      'INSERT and REPLACE queries cannot have an OFFSET.',
    );
  });

  it('testInsertQueryWithInvalidSubtaskCount: maxNumTasks below 2', () => {
    expect(
      planError('insert into foo1 select __time, page, count(*) as cnt from wikipedia group by 1, 2 PARTITIONED by day clustered by page', {
        context: { maxNumTasks: 1 },
      }).message,
    ).toBe('MSQ context maxNumTasks [1] cannot be less than 2, since at least 1 controller and 1 worker is necessary');
  });

  it('names unknown tables and columns with their position, and reports parse errors with line and column', () => {
    const table = planError('INSERT INTO dst SELECT __time FROM nope PARTITIONED BY DAY');
    expect(table.message).toBe("Object 'nope' not found (line [1], column [36])");
    expect(planError('INSERT INTO dst SELECT __time, nope FROM wikipedia PARTITIONED BY DAY').message).toBe(
      "Column 'nope' not found in any table (line [1], column [32])",
    );
    const syntax = planError('INSERT INTO dst\nSELECT __time FROM wikipedia\nPARTITIONED BY DAY CLUSTERED BY page DESCENDING');
    expect(syntax.context).toMatchObject({ line: '3' });
  });
});

describe('CLUSTERED BY and the segment sort order', () => {
  const query = (clusteredBy: string): string =>
    `INSERT INTO dst SELECT __time, page, channel FROM wikipedia PARTITIONED BY DAY CLUSTERED BY ${clusteredBy}`;

  it('allows __time first in CLUSTERED BY, and elsewhere only with forceSegmentSortByTime false', () => {
    expect(planIngest(query('__time, page')).clusteredBy).toEqual(['__time', 'page']);
    expect(planIngest(query('__time, page')).segmentSortOrder).toBeUndefined();
    expect(planError(query('page, __time')).message).toBe(
      `Sort order (CLUSTERED BY) cannot include[__time] in position[1] unless context parameter[forceSegmentSortByTime] is set to[false]. ${WARNING}`,
    );
    const unsorted = planIngest(query('page, __time'), { context: { forceSegmentSortByTime: false } });
    expect(unsorted.segmentSortOrder).toEqual(['page', '__time']);
    expect(planIngest(query('page'), { context: { forceSegmentSortByTime: 'false' } }).segmentSortOrder).toEqual(['page', '__time']);
  });

  it('reads segmentSortOrder as CSV or a JSON array, puts the remaining CLUSTERED BY columns after it, and requires __time first', () => {
    expect(planIngest(query('channel'), { context: { segmentSortOrder: '__time, page' } }).segmentSortOrder).toEqual(['__time', 'page', 'channel']);
    expect(planIngest(query('channel'), { context: { segmentSortOrder: '["__time","channel"]' } }).segmentSortOrder).toEqual(['__time', 'channel']);
    expect(planError(query('channel'), { context: { segmentSortOrder: 'page,__time' } }).message).toBe(
      `Context parameter[segmentSortOrder] must start with[__time] unless context parameter[forceSegmentSortByTime] is set to[false]. ${WARNING}`,
    );
    expect(planIngest(query('channel'), { context: { segmentSortOrder: 'page,__time', forceSegmentSortByTime: false } }).segmentSortOrder).toEqual([
      'page',
      '__time',
      'channel',
    ]);
    expect(planError(query('channel'), { context: { segmentSortOrder: '__time,nope' } }).message).toBe(
      'Column[nope] from context parameter[segmentSortOrder] does not appear in the query output',
    );
    expect(planError(query('channel'), { context: { segmentSortOrder: '["__time",' } }).message).toBe(
      'Expected key [segmentSortOrder] to be CSV or JSON array, but got [["__time",]',
    );
  });
});

describe('task lock types (MultiStageQueryContext.validateAndGetTaskLockType)', () => {
  const insert = 'INSERT INTO dst SELECT __time, page FROM wikipedia PARTITIONED BY DAY';
  const replace = 'REPLACE INTO dst OVERWRITE ALL SELECT __time, page FROM wikipedia PARTITIONED BY DAY';

  it('defaults to SHARED for INSERT and EXCLUSIVE for REPLACE; useConcurrentLocks gives APPEND and REPLACE', () => {
    expect(planIngest(insert).lockType).toBe('SHARED');
    expect(planIngest(replace).lockType).toBe('EXCLUSIVE');
    expect(planIngest(insert, { context: { useConcurrentLocks: true } }).lockType).toBe('APPEND');
    expect(planIngest(replace, { context: { useConcurrentLocks: true } }).lockType).toBe('REPLACE');
  });

  it('testInsertOnFoo1 WITH_APPEND_LOCK: accepts a lower-case append lock for INSERT and a REPLACE lock for REPLACE', () => {
    expect(planIngest(insert, { context: { taskLockType: 'append' } }).lockType).toBe('APPEND');
    expect(planIngest(replace, { context: { taskLockType: 'REPLACE' } }).lockType).toBe('REPLACE');
  });

  it('refuses a lock type the statement may not take, and unknown lock types', () => {
    expect(planError(insert, { context: { taskLockType: 'EXCLUSIVE' } }).message).toBe(
      'TaskLock must be of type [SHARED] or [APPEND] for an INSERT query. Found invalid type [EXCLUSIVE] set. Please use [taskLockType] key in ' +
        'the context parameter and use one of the TaskLock types as mentioned earlier or remove this key for automatic lock type selection',
    );
    const wrongForReplace = planError(replace, { context: { taskLockType: 'APPEND' } });
    expect(wrongForReplace.message).toMatch(/^TaskLock must be of type \[EXCLUSIVE\] or \[REPLACE\] for a REPLACE query\. Found invalid type \[APPEND\] set\./);
    // Druid raises it as a plain user error, not InvalidSqlInput.
    expect(wrongForReplace.toJSON()).toMatchObject({ errorCode: 'general', persona: 'USER', category: 'INVALID_INPUT' });
    expect(planError(insert, { context: { taskLockType: 'TIMECHUNK' } }).message).toBe(
      'Expected key [taskLockType] to be referring to one of the values [EXCLUSIVE,SHARED,REPLACE,APPEND] of enum [TaskLockType], but got [TIMECHUNK]',
    );
  });
});

describe('rollup', () => {
  const query = 'INSERT INTO foo1 SELECT FLOOR(__time TO DAY) AS __time, page, COUNT(*) AS cnt FROM wikipedia GROUP BY 1, 2 PARTITIONED BY DAY';
  const rollupContext = { finalizeAggregations: false, groupByEnableMultiValueUnnesting: false };

  it('testRollUpOnFoo1WithTimeFunction: GROUP BY with finalizeAggregations and groupByEnableMultiValueUnnesting false', () => {
    expect(planIngest(query, { context: rollupContext }).rollup).toBe(true);
  });

  it('is off by default, without GROUP BY, or when either context flag keeps its default', () => {
    expect(planIngest(query).rollup).toBe(false);
    expect(planIngest(query, { context: { finalizeAggregations: false } }).rollup).toBe(false);
    expect(planIngest('INSERT INTO foo1 SELECT __time, page FROM wikipedia PARTITIONED BY DAY', { context: rollupContext }).rollup).toBe(false);
  });
});
