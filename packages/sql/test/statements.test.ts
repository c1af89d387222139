import { describe, expect, it } from 'vitest';
import { find, plan, planError, planIngest, planSelect, render, shape, signatureOf } from './fixtures.ts';

const DAY = 86_400_000;
const JAN_1_2000 = Date.UTC(2000, 0, 1);

describe('EXPLAIN PLAN FOR', () => {
  it('returns the planned statement marked explain: true, for SELECT, INSERT and REPLACE', () => {
    const select = plan('EXPLAIN PLAN FOR SELECT page FROM wikipedia');
    expect(select.kind).toBe('select');
    expect(select.explain).toBe(true);
    const insert = plan('EXPLAIN PLAN FOR INSERT INTO dst SELECT __time, page FROM wikipedia PARTITIONED BY DAY');
    expect([insert.kind, insert.explain]).toEqual(['insert', true]);
    const replace = plan('EXPLAIN PLAN FOR REPLACE INTO dst OVERWRITE ALL SELECT __time, page FROM wikipedia PARTITIONED BY DAY');
    expect([replace.kind, replace.explain]).toEqual(['replace', true]);
    expect(plan('SELECT page FROM wikipedia').explain).toBeUndefined();
  });

  it('validates the statement it explains', () => {
    expect(planError('EXPLAIN PLAN FOR INSERT INTO dst SELECT __time FROM wikipedia').message).toMatch(/requires a PARTITIONED BY/);
  });
});

describe('export: INSERT INTO EXTERN(local(…)) AS CSV (CalciteExportTest)', () => {
  it('testInsertIntoExtern: plans the query and the local destination', () => {
    const planned = plan("INSERT INTO EXTERN(local(exportPath => '/tmp/export/q1')) AS CSV SELECT __time, page FROM wikipedia WHERE added > 10");
    if (planned.kind !== 'export') throw new Error(`expected an export, got ${planned.kind}`);
    expect(planned.destination).toEqual({ type: 'local', exportPath: '/tmp/export/q1' });
    expect(planned.format).toBe('csv');
    expect(planned.sqlTypeNames).toEqual(['TIMESTAMP', 'VARCHAR']);
    expect(shape(planned.plan)).toEqual(['project', 'filter', 'tableScan']);
  });

  it('testInsertIntoExternParameterized: binds parameters in the exported query', () => {
    const planned = plan("INSERT INTO EXTERN(local(exportPath => '/tmp/x')) AS CSV SELECT page FROM wikipedia WHERE page = ?", {
      parameters: [{ type: 'VARCHAR', value: 'val' }],
    });
    expect(render(find(planned.plan, 'filter').condition)).toBe('=($page, "val")');
  });

  it('testExportWithPartitionedBy, testExportWithoutFormat, testReplaceIntoExternShouldThrowUnsupportedException, testNormalInsertWithFormat', () => {
    expect(planError("INSERT INTO EXTERN(local(exportPath => '/tmp/x')) AS CSV SELECT page FROM wikipedia PARTITIONED BY ALL").message).toBe(
      'Export statements do not support a PARTITIONED BY or CLUSTERED BY clause.',
    );
    expect(planError("INSERT INTO EXTERN(local(exportPath => '/tmp/x')) SELECT page FROM wikipedia").message).toBe(
      'Exporting rows into an EXTERN destination requires an AS clause to specify the format, but none was found.',
    );
    expect(planError("REPLACE INTO EXTERN(local(exportPath => '/tmp/x')) AS CSV OVERWRITE ALL SELECT page FROM wikipedia").message).toBe(
      'REPLACE operations do no support EXTERN destinations. Use INSERT statements to write to an external destination.',
    );
    expect(planError('REPLACE INTO testTable AS CSV OVERWRITE ALL SELECT page FROM wikipedia PARTITIONED BY ALL').message).toBe(
      'The AS <format> clause should only be specified while exporting rows into an EXTERN destination.',
    );
  });

  it('testExportWithoutRequiredParameter, testWithUnsupportedStorageConnector, unsupported formats and relative paths', () => {
    expect(planError('INSERT INTO EXTERN(local()) AS CSV SELECT page FROM wikipedia').message).toMatch(/^Missing required creator property 'exportPath'/);
    expect(planError('insert into extern(nonExistent()) as csv select __time, page from wikipedia').message).toMatch(
      /^Could not resolve type id 'nonExistent' as a subtype/,
    );
    expect(planError("INSERT INTO EXTERN(local(exportPath => '/tmp/x')) AS JSON SELECT page FROM wikipedia").message).toMatch(
      /^Unsupported export format \[JSON\]/,
    );
    expect(planError("INSERT INTO EXTERN(local(exportPath => 'relative/dir')) AS CSV SELECT page FROM wikipedia").message).toMatch(/must be an absolute path/);
    expect(planError("INSERT INTO EXTERN(local(exportPath => '/tmp/x')) AS CSV SELECT page, channel AS page FROM wikipedia").message).toBe(
      'Duplicate field in SELECT: [page]',
    );
  });

  it('testSelectFromTableNamedExport: a table called csv is an ordinary INSERT target', () => {
    expect(planIngest('INSERT INTO csv SELECT page FROM wikipedia PARTITIONED BY ALL').dataSource).toBe('csv');
  });
});

describe('SET statements', () => {
  it('reads every literal kind into the context', () => {
    const planned = plan(
      "SET a = 1; SET b = 'x'; SET c = TRUE; SET d = 1.5; SET e = -3; SET f = TIMESTAMP '2000-01-01 00:00:00'; SET g = FALSE;\nSELECT page FROM wikipedia",
    );
    expect(planned.context).toEqual({ a: 1, b: 'x', c: true, d: 1.5, e: -3, f: '2000-01-01T00:00:00.000Z', g: false });
  });
});

describe('dynamic parameters', () => {
  it('binds ? in the SELECT list, WHERE and LIMIT / OFFSET of the outer query, in textual order', () => {
    const planned = planSelect('SELECT page, ? AS tag FROM wikipedia WHERE added > ? LIMIT ? OFFSET ?', {
      parameters: [
        { type: 'VARCHAR', value: 'x' },
        { type: 'BIGINT', value: 10 },
        { type: 'INTEGER', value: 5 },
        { type: 'INTEGER', value: 2 },
      ],
    });
    expect(render(find(planned.plan, 'project').columns[1]!.expr)).toBe('"x"');
    expect(render(find(planned.plan, 'filter').condition)).toBe('>($added, 10)');
    const limit = find(planned.plan, 'limit');
    expect([limit.limit, limit.offset]).toEqual([5, 2]);
    expect(planError('SELECT page FROM wikipedia LIMIT ?', { parameters: [{ type: 'INTEGER', value: -1 }] }).message).toMatch(
      /^LIMIT must be a non-negative integer/,
    );
  });

  it('binds each request its own values when the same text is planned again (its parse is reused)', () => {
    const text = 'SELECT page, ? AS tag FROM wikipedia WHERE added > ? LIMIT ?';
    const bound = (tag: string, added: number, limit: number) => {
      const planned = planSelect(text, { parameters: [{ type: 'VARCHAR', value: tag }, { type: 'BIGINT', value: added }, { type: 'INTEGER', value: limit }] });
      return [render(find(planned.plan, 'project').columns[1]!.expr), render(find(planned.plan, 'filter').condition), find(planned.plan, 'limit').limit];
    };
    expect(bound('a', 1, 3)).toEqual(['"a"', '>($added, 1)', 3]);
    expect(bound('b', 2, 7)).toEqual(['"b"', '>($added, 2)', 7]);
    expect(bound('a', 1, 3)).toEqual(['"a"', '>($added, 1)', 3]);
    // A text that does not parse fails every time, with the same message.
    const message = planError('SELECT page FROM wikipedia WHERE').message;
    expect(planError('SELECT page FROM wikipedia WHERE').message).toBe(message);
  });

  it('binds TIMESTAMP parameters in OVERWRITE WHERE', () => {
    const planned = planIngest('REPLACE INTO dst OVERWRITE WHERE __time >= ? AND __time < ? SELECT __time, page FROM wikipedia PARTITIONED BY DAY', {
      parameters: [
        { type: 'TIMESTAMP', value: '2000-01-01 00:00:00' },
        { type: 'TIMESTAMP', value: '2000-01-03 00:00:00' },
      ],
    });
    expect(planned.replaceTimeChunks).toEqual([{ start: JAN_1_2000, end: JAN_1_2000 + 2 * DAY }]);
  });
});

describe('REPLACE … OVERWRITE (CalciteReplaceDmlTest)', () => {
  const chunks = (where: string, granularity = 'DAY'): unknown =>
    planIngest(`REPLACE INTO dst OVERWRITE WHERE ${where} SELECT __time, page FROM wikipedia PARTITIONED BY ${granularity}`).replaceTimeChunks;

  it('testReplaceFromTableWithDeleteWhereClause, testReplaceFromTableWithComplexDeleteWhereClause, testReplaceFromTableWithBetweenClause', () => {
    expect(chunks("__time >= TIMESTAMP '2000-01-01 00:00:00' AND __time < TIMESTAMP '2000-01-02 00:00:00'")).toEqual([{ start: JAN_1_2000, end: JAN_1_2000 + DAY }]);
    expect(
      chunks(
        "__time >= TIMESTAMP '2000-01-01' AND __time < TIMESTAMP '2000-02-01' OR __time >= TIMESTAMP '2000-03-01' AND __time < TIMESTAMP '2000-04-01'",
        'MONTH',
      ),
    ).toEqual([
      { start: JAN_1_2000, end: Date.UTC(2000, 1, 1) },
      { start: Date.UTC(2000, 2, 1), end: Date.UTC(2000, 3, 1) },
    ]);
    expect(chunks("__time BETWEEN TIMESTAMP '2000-01-01' AND TIMESTAMP '2000-01-31 23:59:59.999'", 'MONTH')).toEqual([
      { start: JAN_1_2000, end: Date.UTC(2000, 1, 1) },
    ]);
    expect(chunks("__time > TIMESTAMP '1999-12-31 23:59:59.999' AND __time <= TIMESTAMP '2000-01-01 23:59:59.999'")).toEqual([
      { start: JAN_1_2000, end: JAN_1_2000 + DAY },
    ]);
    expect(chunks("TIME_IN_INTERVAL(__time, '2000-01-01/P2D')")).toEqual([{ start: JAN_1_2000, end: JAN_1_2000 + 2 * DAY }]);
    expect(planIngest('REPLACE INTO dst OVERWRITE ALL SELECT __time, page FROM wikipedia PARTITIONED BY DAY').replaceTimeChunks).toBe('all');
  });

  it('testReplaceForUnsupportedDeleteWhereClause, testReplaceForMisalignedPartitionInterval, testReplaceFromTableWithEmptyInterval', () => {
    expect(planError("REPLACE INTO dst OVERWRITE WHERE __time LIKE '20__-02-01' SELECT __time FROM wikipedia PARTITIONED BY MONTH").message).toMatch(
      /Unsupported operation \[LIKE\] in OVERWRITE WHERE clause/,
    );
    expect(
      planError(
        "REPLACE INTO dst OVERWRITE WHERE __time >= TIMESTAMP '2000-01-05 00:00:00' AND __time <= TIMESTAMP '2000-01-06 00:00:00' SELECT __time FROM wikipedia PARTITIONED BY MONTH",
      ).message,
    ).toMatch(/^OVERWRITE WHERE clause identified interval \[2000-01-05T00:00:00.000Z\/2000-01-06T00:00:00.001Z\] which is not aligned/);
    expect(
      planError("REPLACE INTO dst OVERWRITE WHERE __time < TIMESTAMP '2000-01-01' AND __time > TIMESTAMP '2000-01-01' SELECT __time FROM wikipedia PARTITIONED BY MONTH")
        .message,
    ).toMatch(/produced no time intervals/);
    expect(planError("REPLACE INTO dst OVERWRITE WHERE __time = TIMESTAMP '2000-01-01' SELECT __time FROM wikipedia PARTITIONED BY DAY").message).toMatch(
      /^OVERWRITE WHERE clause identified interval \[2000-01-01T00:00:00.000Z\/2000-01-01T00:00:00.001Z\] which is not aligned/,
    );
    expect(planError("REPLACE INTO dst OVERWRITE WHERE page > 'a' SELECT __time FROM wikipedia PARTITIONED BY ALL TIME").message).toMatch(
      /only supports filtering on the __time column/,
    );
  });

  it('testReplaceForWithoutPartitionSpec: bare OVERWRITE or none gets Druid\'s message', () => {
    const message =
      'Missing time chunk information in OVERWRITE clause for REPLACE. Use OVERWRITE WHERE <__time based condition> or OVERWRITE ALL to overwrite the entire table.';
    expect(planError('REPLACE INTO dst OVERWRITE SELECT __time FROM wikipedia PARTITIONED BY ALL TIME').message).toBe(message);
    expect(planError('REPLACE INTO dst SELECT __time FROM wikipedia PARTITIONED BY ALL TIME').message).toBe(message);
  });

  it('re-ingests a datasource into itself (REPLACE INTO t … FROM t)', () => {
    const planned = planIngest(
      "REPLACE INTO wikipedia OVERWRITE WHERE __time >= TIMESTAMP '2000-01-01' AND __time < TIMESTAMP '2000-01-02' " +
        "SELECT * FROM wikipedia WHERE __time >= TIMESTAMP '2000-01-01' AND __time < TIMESTAMP '2000-01-02' AND channel <> '#de' PARTITIONED BY DAY",
    );
    expect(planned.dataSource).toBe('wikipedia');
    expect(find(planned.plan, 'tableScan').intervals).toEqual([{ start: JAN_1_2000, end: JAN_1_2000 + DAY }]);
    expect(signatureOf(planned.plan)[0]).toBe('__time:LONG');
  });

  it('refuses sqlOuterLimit on INSERT and REPLACE', () => {
    expect(planError('INSERT INTO dst SELECT __time FROM wikipedia PARTITIONED BY DAY', { context: { sqlOuterLimit: 10 } }).message).toBe(
      'Context parameter [sqlOuterLimit] cannot be provided on operator [INSERT]',
    );
  });
});
