import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
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

describe('SQLite data directories from before lock preemption', () => {
  it('gain the revoked column, keeping their locks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'silt-metadata-old-'));
    try {
      const file = join(dir, 'metadata.db');
      const old = new Database(file);
      old.exec(
        'CREATE TABLE silt_task_locks (id integer primary key autoincrement, task_id text not null, datasource text not null, start_ms bigint not null, ' +
          "end_ms bigint not null, version text not null, lock_type text not null, priority integer not null); INSERT INTO silt_task_locks VALUES (1, 'old', 'wiki', 0, 10, 'v', 'EXCLUSIVE', 50)",
      );
      old.close();
      const store = await openSqliteMetadataStore(file);
      const kept = { taskId: 'old', dataSource: 'wiki', interval: { start: 0, end: 10 }, version: 'v', lockType: 'EXCLUSIVE', priority: 50 } as const;
      expect(await store.listLocks()).toEqual([kept]);
      expect(await store.tryLock([{ ...kept, taskId: 'new', priority: 75 }])).toEqual({ ok: true });
      expect((await store.listLocks('old'))[0]?.revoked).toBe(true);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
