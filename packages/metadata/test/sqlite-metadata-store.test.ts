import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openMetadataStore, openSqliteMetadataStore } from '../src/index.ts';
import { describeMetadataStore } from './metadata-store-suite.ts';

describeMetadataStore('SQLite metadata store', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'silt-metadata-'));
  return {
    open: () => openSqliteMetadataStore(join(dir, 'metadata.db')),
    destroy: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('openMetadataStore with SQLite URLs', () => {
  it('opens sqlite:/abs, sqlite:///abs and plain paths to the same file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'silt-metadata-url-'));
    try {
      const file = join(dir, 'm.db');
      const first = await openMetadataStore(`sqlite:${file}`);
      await first.tryLock([{ taskId: 't', dataSource: 'wiki', interval: { start: 0, end: 10 }, version: 'v', lockType: 'EXCLUSIVE', priority: 0 }]);
      await first.close();
      for (const url of [`sqlite://${file}`, file]) {
        const store = await openMetadataStore(url);
        expect((await store.listLocks('t')).length).toBe(1);
        await store.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
