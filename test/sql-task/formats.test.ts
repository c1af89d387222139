import { describe, expect, it } from 'vitest';
import { DATASETS, dataset, useServer } from '../support/server.ts';

const json = dataset('druid-batch-index/json/wikipedia_index_data1.json');

/**
 * The same 10 rows of Druid's batch-index test data, in six formats. The ORC copy stores `timestamp` as
 * an ORC TIMESTAMP, which Druid's ORC reader hands over as epoch milliseconds, so it is read as a long.
 */
const FORMATS: [string, object, string][] = [
  ['json', { type: 'json' }, 'string'],
  ['csv', { type: 'csv', findColumnsFromHeader: true }, 'string'],
  ['tsv', { type: 'tsv', findColumnsFromHeader: true }, 'string'],
  ['parquet', { type: 'parquet' }, 'string'],
  ['avro', { type: 'avro_ocf' }, 'string'],
  ['orc', { type: 'orc' }, 'long'],
];

const signature = (timestampType: string) =>
  JSON.stringify(
  [
    ['timestamp', timestampType],
    ['page', 'string'],
    ['user', 'string'],
    ['city', 'string'],
    ['added', 'long'],
    ['deleted', 'long'],
    ['delta', 'long'],
  ].map(([name, type]) => ({ name, type })),
  );

describe.skipIf(!json.present)('every input format ingests the same rows through EXTERN', () => {
  const druid = useServer();

  it.each(FORMATS)('%s', async (name, format, timestampType) => {
    const source = JSON.stringify({ type: 'local', baseDir: `${DATASETS}/druid-batch-index/${name}`, filter: `wikipedia_index_data*.${name}` });
    const time = timestampType === 'long' ? 'MILLIS_TO_TIMESTAMP("timestamp")' : 'TIME_PARSE("timestamp")';
    const { status } = await druid().run(
      `REPLACE INTO "fmt_${name}" OVERWRITE ALL SELECT ${time} AS __time, page, "user", city, added, deleted, delta FROM TABLE(EXTERN('${source}', '${JSON.stringify(format)}', '${signature(timestampType)}')) PARTITIONED BY DAY`,
    );
    expect(status.status, status.errorMsg).toBe('SUCCESS');
    const rows = await druid().sql(`SELECT __time, page, "user", city, added, deleted, delta FROM "fmt_${name}" ORDER BY __time, page`);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual(['2013-08-31T01:02:33.000Z', 'Gypsy Danger', 'nuclear', 'San Francisco', 57, 200, -143]);
    if (name !== 'json') expect(rows).toEqual(await druid().sql(`SELECT __time, page, "user", city, added, deleted, delta FROM "fmt_json" ORDER BY __time, page`));
  });
});
