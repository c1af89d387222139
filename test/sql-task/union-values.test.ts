import { describe, expect, it } from 'vitest';
import { useServer } from '../support/server.ts';

/** UNION ALL and VALUES through both endpoints, on rows made with VALUES (no dataset needed). */
describe('UNION ALL and VALUES', () => {
  const druid = useServer();

  it('ingests VALUES rows, then appends a UNION ALL of two tables and reads it back', async () => {
    const values = "SELECT TIME_PARSE(ts) AS __time, c1 FROM (VALUES ('2024-01-01', 'a'), ('2024-01-02', 'b')) AS t(ts, c1) PARTITIONED BY DAY";
    expect((await druid().run(`INSERT INTO u1 ${values}`)).status.status).toBe('SUCCESS');
    expect((await druid().run(`INSERT INTO u2 ${values}`)).status.status).toBe('SUCCESS');
    const { status } = await druid().run('INSERT INTO both_u SELECT __time, c1 FROM u1 UNION ALL SELECT __time, c1 FROM u2 PARTITIONED BY DAY');
    expect(status.status).toBe('SUCCESS');
    expect(await druid().sql('SELECT c1, COUNT(*) FROM both_u GROUP BY c1 ORDER BY c1')).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
    expect(await druid().sql('SELECT c1, COUNT(*) AS n FROM (SELECT c1 FROM u1 UNION ALL SELECT c1 FROM u2 UNION ALL SELECT c1 FROM both_u) GROUP BY c1 ORDER BY c1')).toEqual([
      ['a', 4],
      ['b', 4],
    ]);
    expect(await druid().sql('SELECT c1 FROM u1 UNION ALL SELECT c1 FROM u2 ORDER BY c1 DESC LIMIT 3')).toEqual([['b'], ['b'], ['a']]);
  });
});
