import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openMetadataStore, openPostgresMetadataStore } from '../src/index.ts';
import { describeMetadataStore } from './metadata-store-suite.ts';

const url = process.env.SILT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function probe(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

const unavailable = await probe();
if (unavailable) console.log(`Skipping PostgreSQL metadata store tests: no server at ${url} (${unavailable})`);

const freshSchema = (): string => `silt_test_${randomUUID().replaceAll('-', '')}`;

describe.skipIf(unavailable !== undefined)('PostgreSQL', () => {
  describeMetadataStore('PostgreSQL metadata store', async () => {
    const schema = freshSchema();
    return {
      open: () => openPostgresMetadataStore(url, { schema }),
      destroy: () => dropSchema(schema),
    };
  });

  it('openMetadataStore takes the schema from the URL', async () => {
    const schema = freshSchema();
    const withSchema = new URL(url);
    withSchema.searchParams.set('schema', schema);
    try {
      const store = await openMetadataStore(withSchema.toString());
      await store.tryLock([{ taskId: 't', dataSource: 'wiki', interval: { start: 0, end: 10 }, version: 'v', lockType: 'EXCLUSIVE', priority: 0 }]);
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query(`select task_id, start_ms from "${schema}".silt_task_locks`);
      await client.end();
      expect(rows).toEqual([{ task_id: 't', start_ms: '0' }]);
    } finally {
      await dropSchema(schema);
    }
  });

  it('refuses an unsafe schema name', async () => {
    await expect(openPostgresMetadataStore(url, { schema: 'x; drop table y' })).rejects.toThrow(/Invalid metadata schema name/);
  });
});
