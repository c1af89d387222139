import { describe, expect, it } from 'vitest';
import { planError, planIngest, WIKIPEDIA_EXTERN } from './fixtures.ts';

const GRANULARITY_HELP =
  "Expected 'SECOND', 'MINUTE', 'FIVE_MINUTE', 'TEN_MINUTE', 'FIFTEEN_MINUTE', 'THIRTY_MINUTE', 'HOUR', 'SIX_HOUR', 'EIGHT_HOUR', " +
  "'DAY', 'MONTH', 'QUARTER', 'YEAR', 'ALL', ALL TIME, FLOOR() or TIME_FLOOR()";

describe('INSERT / REPLACE validation', () => {
  it('requires PARTITIONED BY', () => {
    expect(planError('INSERT INTO dst SELECT * FROM wikipedia').message).toBe(
      'Operation [INSERT] requires a PARTITIONED BY to be explicitly defined, but none was found.',
    );
    expect(planError('REPLACE INTO dst OVERWRITE ALL SELECT __time, page FROM wikipedia').message).toBe(
      'Operation [REPLACE] requires a PARTITIONED BY to be explicitly defined, but none was found.',
    );
  });

  it('refuses unsupported PARTITIONED BY forms, listing the accepted ones', () => {
    expect(planError("INSERT INTO dst SELECT * FROM wikipedia PARTITIONED BY 'invalid_granularity'").message).toBe(
      `Invalid granularity['invalid_granularity'] specified after PARTITIONED BY clause. ${GRANULARITY_HELP}`,
    );
    expect(planError("INSERT INTO dst SELECT __time FROM wikipedia PARTITIONED BY TIME_FLOOR(__time, 'PT2H')").message).toBe(
      `Invalid granularity[TIME_FLOOR(__time, 'PT2H')] specified after PARTITIONED BY clause. ${GRANULARITY_HELP}`,
    );
    expect(planError("INSERT INTO dst SELECT __time FROM wikipedia PARTITIONED BY 'PT2H'").message).toContain('Invalid granularity');
    expect(planError('INSERT INTO dst SELECT __time FROM wikipedia PARTITIONED BY CEIL(__time TO DAY)').message).toBe(
      'Invalid operator[CEIL] specified. PARTITIONED BY clause only supports FLOOR(__time TO <unit>) and TIME_FLOOR(__time, period) functions.',
    );
    expect(planError("INSERT INTO dst SELECT __time FROM wikipedia PARTITIONED BY TIME_FLOOR(added, 'PT1H')").message).toBe(
      'Invalid argument[added] provided. The first argument to TIME_FLOOR in PARTITIONED BY clause must be __time.',
    );
  });

  it('refuses ORDER BY and points to CLUSTERED BY', () => {
    expect(planError(`INSERT INTO dst SELECT * FROM ${WIKIPEDIA_EXTERN} ORDER BY 2 PARTITIONED BY ALL TIME`).message).toBe(
      'Cannot use an ORDER BY clause on a Query of type [INSERT], use CLUSTERED BY instead',
    );
    expect(planError('REPLACE INTO dst OVERWRITE ALL SELECT * FROM wikipedia ORDER BY page PARTITIONED BY ALL TIME').message).toBe(
      'Cannot use an ORDER BY clause on a Query of type [REPLACE], use CLUSTERED BY instead',
    );
  });

  it('allows LIMIT only with PARTITIONED BY ALL, and never OFFSET', () => {
    expect(planError('INSERT INTO dst SELECT __time, page FROM wikipedia LIMIT 50 PARTITIONED BY MONTH').message).toBe(
      'INSERT and REPLACE queries cannot have a LIMIT unless PARTITIONED BY is "ALL".',
    );
    expect(planError('REPLACE INTO dst OVERWRITE ALL SELECT __time, page FROM wikipedia LIMIT 50 OFFSET 10 PARTITIONED BY ALL TIME').message).toBe(
      'INSERT and REPLACE queries cannot have an OFFSET.',
    );
    expect(planError('INSERT INTO dst SELECT __time, page FROM wikipedia OFFSET 10 PARTITIONED BY DAY').message).toBe(
      'INSERT and REPLACE queries cannot have an OFFSET.',
    );
  });

  it('sorts on a CLUSTERED BY expression that is no output column as a hidden column, with numbered shard specs', () => {
    const planned = planIngest('REPLACE INTO dst OVERWRITE ALL SELECT __time, page FROM wikipedia PARTITIONED BY ALL CLUSTERED BY LOWER(page), channel, page');
    expect(planned.clusteredBy).toEqual(['v0', 'v1', 'page']);
    expect(planned.plan.signature.map((c) => c.name)).toEqual(['__time', 'page', 'v0', 'v1']);
    expect(planned.outputColumns.map((c) => c.name)).toEqual(['__time', 'page']);
    expect(planned.rangeShardColumns).toEqual({ columns: [], details: "Using only[0] CLUSTERED BY columns for 'range' shard specs, since the next column was not mapped to an output column." });
  });

  it('refuses descending CLUSTERED BY and CLUSTERED BY before PARTITIONED BY', () => {
    expect(planError('INSERT INTO dst SELECT __time, page FROM wikipedia PARTITIONED BY DAY CLUSTERED BY 2, page DESC').message).toBe(
      'Invalid CLUSTERED BY clause [`page` DESC]: cannot sort in descending order.',
    );
    expect(planError('INSERT INTO dst SELECT __time, page FROM wikipedia CLUSTERED BY page PARTITIONED BY DAY').message).toBe(
      'CLUSTERED BY found before PARTITIONED BY, CLUSTERED BY must come after the PARTITIONED BY clause',
    );
  });

  it('refuses CLUSTERED BY items that are unknown, or no output column of an aggregating SELECT or a UNION ALL', () => {
    const unknown = planError('INSERT INTO dst SELECT __time, page FROM wikipedia PARTITIONED BY DAY\nCLUSTERED BY blah');
    expect(unknown.message).toBe("Column 'blah' not found in any table (line [2], column [14])");
    expect(unknown.context).toEqual({ line: '2', column: '14' });
    expect(planError('INSERT INTO dst SELECT __time, page FROM wikipedia GROUP BY 1, 2 PARTITIONED BY DAY CLUSTERED BY LOWER(page)').message).toMatch(
      /^CLUSTERED BY \[LOWER\(page\)\] must name an output column of an aggregating SELECT/,
    );
    expect(
      planError('INSERT INTO dst SELECT __time, page FROM wikipedia UNION ALL SELECT __time, page FROM wikipedia PARTITIONED BY DAY CLUSTERED BY LOWER(page)').message,
    ).toMatch(/^CLUSTERED BY \[LOWER\(page\)\] must name an output column of a UNION ALL \(by name, ordinal or identical expression\)/);
    expect(planError('INSERT INTO dst SELECT __time, page FROM wikipedia PARTITIONED BY DAY CLUSTERED BY 0').message).toBe(
      'Ordinal [0] specified in the CLUSTERED BY clause is invalid. It must be a positive integer.',
    );
    expect(planError('INSERT INTO dst SELECT __time, page FROM wikipedia PARTITIONED BY DAY CLUSTERED BY 3').message).toMatch(/^Ordinal out of range/);
  });

  it('requires a __time column unless PARTITIONED BY ALL', () => {
    expect(planError('INSERT INTO dst SELECT page FROM wikipedia PARTITIONED BY DAY').message).toBe(
      'The granularity [{type=period, period=P1D, timeZone=UTC, origin=null}] specified in the PARTITIONED BY clause of the INSERT query ' +
        'is different from ALL. Therefore, the query must specify a time column (named __time).',
    );
  });

  it('requires __time to be a timestamp', () => {
    expect(planError('INSERT INTO dst SELECT page AS __time FROM wikipedia PARTITIONED BY ALL').message).toBe(
      'Field[__time] was the wrong type[VARCHAR], expected TIMESTAMP',
    );
    expect(planError('INSERT INTO dst SELECT ratio AS __time FROM wikipedia PARTITIONED BY DAY').message).toBe(
      'Field[__time] was the wrong type[DOUBLE], expected TIMESTAMP',
    );
  });

  it('refuses duplicate and unnamed output columns', () => {
    expect(planError('INSERT INTO dst SELECT __time, page, channel AS page FROM wikipedia PARTITIONED BY DAY').message).toBe(
      'Duplicate field in SELECT: [page]',
    );
    expect(planError(`INSERT INTO dst SELECT TIME_PARSE("timestamp") AS __time, * , page FROM ${WIKIPEDIA_EXTERN} PARTITIONED BY DAY`).message).toBe(
      'Duplicate field in SELECT: [page]',
    );
    expect(planError("INSERT INTO t SELECT page, page || '-lol' FROM wikipedia PARTITIONED BY ALL").message).toMatch(
      /^Insertion requires columns to be named/,
    );
  });

  it('refuses OVERWRITE in INSERT, target column lists and invalid datasource names', () => {
    expect(planError('INSERT INTO dst OVERWRITE ALL SELECT * FROM wikipedia PARTITIONED BY ALL TIME').message).toMatch(
      /^An OVERWRITE clause is not allowed with INSERT statements/,
    );
    expect(planError('INSERT INTO dst (foo, bar) SELECT page, channel FROM wikipedia PARTITIONED BY ALL TIME').message).toBe(
      'Operation [INSERT] cannot be run with a target column list, given [dst (`foo`, `bar`)]',
    );
    expect(planError('REPLACE INTO "in/valid" OVERWRITE ALL SELECT page FROM wikipedia PARTITIONED BY ALL TIME').message).toBe(
      "Invalid value for field [table]: Value [in/valid] cannot contain '/'.",
    );
  });

  it('checks EXTERN arguments', () => {
    expect(planError(`INSERT INTO dst SELECT * FROM TABLE(EXTERN('{"type":"inline"}', '{"type":"json"}')) PARTITIONED BY ALL`).message).toMatch(
      /^EXTERN requires either a \[signature\] value or an EXTEND clause/,
    );
    expect(
      planError(
        `INSERT INTO dst SELECT * FROM TABLE(EXTERN('{"type":"inline"}', '{"type":"json"}', '[{"name":"x","type":"string"}]')) EXTEND (x VARCHAR) PARTITIONED BY ALL`,
      ).message,
    ).toMatch(/^EXTERN requires either a \[signature\] value or an EXTEND clause, but not both/);
    expect(planError(`INSERT INTO dst SELECT * FROM TABLE(EXTERN('{oops', '{"type":"json"}', '[]')) PARTITIONED BY ALL`).message).toMatch(
      /^Invalid value for the field \[inputSource\]\. Reason: /,
    );
    expect(
      planError(`INSERT INTO dst SELECT * FROM TABLE(EXTERN('{"type":"inline"}', '{"type":"json"}', '[{"name":"__time","type":"string"}]')) PARTITIONED BY ALL`)
        .message,
    ).toMatch(/^EXTERN function with __time column can be used when __time column is of type long/);
    expect(
      planError(`INSERT INTO dst SELECT * FROM TABLE(EXTERN('{"type":"inline"}', '{"type":"json"}', '[{"name":"a","type":"string"},{"name":"a","type":"long"}]')) PARTITIONED BY ALL`)
        .message,
    ).toMatch(/^Column \[a\] is declared more than once in the EXTERN signature/);
  });

  it('refuses to ingest into a datasource it reads with includeSegmentSource REALTIME', () => {
    const context = { includeSegmentSource: 'REALTIME' };
    expect(planError('REPLACE INTO wikipedia OVERWRITE ALL SELECT * FROM wikipedia PARTITIONED BY DAY', { context }).message).toBe(
      'Cannot ingest into datasource[wikipedia] since it is also being queried from, with REALTIME segments included. ' +
        'Ingest to a different datasource, or disable querying of realtime segments by modifying [includeSegmentSource] in the query context.',
    );
    expect(planError('INSERT INTO kttm SELECT k.__time, k.session FROM wikipedia w JOIN kttm k ON w.page = k.session PARTITIONED BY DAY', { context }).message).toMatch(
      /^Cannot ingest into datasource\[kttm\]/,
    );
    expect(planIngest('INSERT INTO dst SELECT * FROM wikipedia PARTITIONED BY DAY', { context }).dataSource).toBe('dst');
    expect(planIngest('REPLACE INTO wikipedia OVERWRITE ALL SELECT * FROM wikipedia PARTITIONED BY DAY').dataSource).toBe('wikipedia');
  });
});
