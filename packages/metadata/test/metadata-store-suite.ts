import { DruidError, type Interval } from '@silt/common';
import type { DataSegment } from '@silt/segment';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_LOST_ERROR_CODE, type LockRecord, type MetadataStore, type TaskRecord } from '../src/index.ts';

/** One isolated database for one test: open stores over it, then throw it away. */
export interface StoreTarget {
  open(): Promise<MetadataStore>;
  destroy(): Promise<void>;
}

const DAY = 86_400_000;
const D1 = Date.UTC(2024, 0, 1);
const d = (n: number): number => D1 + (n - 1) * DAY;
const iv = (start: number, end: number): Interval => ({ start, end });

function task(id: string, over: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id,
    groupId: id,
    type: 'query_controller',
    dataSource: 'wiki',
    createdTime: '2024-01-01T00:00:00.000Z',
    status: 'RUNNING',
    runnerStatusCode: 'RUNNING',
    duration: -1,
    errorMsg: null,
    payload: { type: 'query_controller', id, spec: { query: 'REPLACE INTO wiki …', context: { maxNumTasks: 2 } } },
    ...over,
  };
}

function lock(taskId: string, interval: Interval, over: Partial<LockRecord> = {}): LockRecord {
  return { taskId, dataSource: 'wiki', interval, version: '2024-02-01T00:00:00.000Z', lockType: 'EXCLUSIVE', priority: 75, ...over };
}

function segment(dataSource: string, interval: Interval, version: string, partitionNum = 0): DataSegment {
  return {
    dataSource,
    interval,
    version,
    shardSpec: { type: 'numbered', partitionNum, partitions: 2 },
    loadSpec: { type: 'local', path: `/deep/${dataSource}/${interval.start}/${version}/${partitionNum}/index.silt` },
    dimensions: ['page', 'user'],
    metrics: ['count'],
    signature: [
      { name: '__time', type: 'LONG' },
      { name: 'page', type: 'STRING' },
      { name: 'user', type: 'STRING' },
      { name: 'count', type: 'LONG' },
    ],
    numRows: 42,
    size: 4096,
    binaryVersion: 9,
    rollup: true,
  };
}

/**
 * The behaviour every MetadataStore must have, run against one database engine. `makeTarget`
 * gives each test a fresh, empty database.
 */
export function describeMetadataStore(name: string, makeTarget: () => Promise<StoreTarget>): void {
  describe(name, () => {
    let target: StoreTarget;
    let store: MetadataStore;
    const opened = new Set<MetadataStore>();
    const open = async (): Promise<MetadataStore> => {
      const s = await target.open();
      opened.add(s);
      return s;
    };
    const close = async (s: MetadataStore): Promise<void> => {
      opened.delete(s);
      await s.close();
    };
    const usedIds = async (dataSource?: string, interval?: Interval): Promise<string[]> =>
      (await store.listUsedSegments(dataSource, interval)).map((r) => r.id);

    beforeEach(async () => {
      target = await makeTarget();
      store = await open();
    });
    afterEach(async () => {
      for (const s of [...opened]) await close(s);
      await target.destroy();
    });

    it('init is idempotent', async () => {
      await store.init();
      await store.init();
      expect(await store.listTasks()).toEqual([]);
    });

    it('inserts, reads and updates tasks', async () => {
      const t = task('query-1');
      await store.insertTask(t);
      expect(await store.getTask('query-1')).toEqual(t);
      expect(await store.getTask('nope')).toBeUndefined();

      await store.updateTaskStatus('query-1', { status: 'FAILED', runnerStatusCode: 'NONE', duration: 1234, errorMsg: 'boom' });
      await store.updateTaskStatus('nope', { status: 'SUCCESS', runnerStatusCode: 'NONE', duration: 1, errorMsg: null });
      expect(await store.getTask('query-1')).toEqual({ ...t, status: 'FAILED', runnerStatusCode: 'NONE', duration: 1234, errorMsg: 'boom' });
      expect(await store.getTask('nope')).toBeUndefined();
    });

    it('lists tasks newest first with state, dataSource and max filters', async () => {
      await store.insertTask(task('a', { createdTime: '2024-01-01T00:00:01.000Z', status: 'SUCCESS', runnerStatusCode: 'NONE', duration: 10 }));
      await store.insertTask(task('b', { createdTime: '2024-01-01T00:00:02.000Z' }));
      await store.insertTask(task('c', { createdTime: '2024-01-01T00:00:03.000Z', runnerStatusCode: 'PENDING', dataSource: 'other' }));
      await store.insertTask(task('d', { createdTime: '2024-01-01T00:00:04.000Z', runnerStatusCode: 'WAITING' }));
      await store.insertTask(task('e', { createdTime: '2024-01-01T00:00:05.000Z', status: 'FAILED', runnerStatusCode: 'NONE', errorMsg: 'x' }));

      const ids = async (filter?: Parameters<MetadataStore['listTasks']>[0]): Promise<string[]> => (await store.listTasks(filter)).map((t) => t.id);
      expect(await ids()).toEqual(['e', 'd', 'c', 'b', 'a']);
      expect(await ids({ state: 'running' })).toEqual(['b']);
      expect(await ids({ state: 'complete' })).toEqual(['e', 'a']);
      expect(await ids({ state: 'waiting' })).toEqual(['d']);
      expect(await ids({ state: 'pending' })).toEqual(['c']);
      expect(await ids({ dataSource: 'other' })).toEqual(['c']);
      expect(await ids({ dataSource: 'wiki', max: 2 })).toEqual(['e', 'd']);
      expect(await ids({ state: 'complete', max: 1 })).toEqual(['e']);
      expect((await store.listTasks({ state: 'complete' }))[1]).toEqual(task('a', { createdTime: '2024-01-01T00:00:01.000Z', status: 'SUCCESS', runnerStatusCode: 'NONE', duration: 10 }));
    });

    it('stores and replaces task reports', async () => {
      await store.insertTask(task('r'));
      expect(await store.getReport('r')).toBeUndefined();
      await store.saveReport('r', { multiStageQuery: { taskId: 'r', payload: { status: { status: 'RUNNING' } } } });
      expect(await store.getReport('r')).toEqual({ multiStageQuery: { taskId: 'r', payload: { status: { status: 'RUNNING' } } } });
      await store.saveReport('r', { multiStageQuery: { taskId: 'r', payload: { status: { status: 'SUCCESS' } } } });
      expect(await store.getReport('r')).toEqual({ multiStageQuery: { taskId: 'r', payload: { status: { status: 'SUCCESS' } } } });
      expect(await store.getReport('missing')).toBeUndefined();
    });

    it('grants non-overlapping locks and reports the conflicting one', async () => {
      const a = lock('A', iv(d(1), d(3)));
      expect(await store.tryLock([a])).toEqual({ ok: true });
      expect(await store.tryLock([lock('B', iv(d(2), d(4)))])).toEqual({ ok: false, conflict: a });
      expect(await store.tryLock([lock('B', iv(d(3), d(4)))])).toEqual({ ok: true });
      expect(await store.tryLock([lock('C', iv(d(1), d(2)), { dataSource: 'other' })])).toEqual({ ok: true });
      // The same task may lock overlapping intervals again; an identical lock is not duplicated.
      expect(await store.tryLock([a, lock('A', iv(d(1), d(2)))])).toEqual({ ok: true });
      expect(await store.listLocks('A')).toEqual([a, lock('A', iv(d(1), d(2)))]);
      expect((await store.listLocks()).map((l) => l.taskId)).toEqual(['A', 'B', 'C', 'A']);
    });

    it('takes all locks or none', async () => {
      const a = lock('A', iv(d(1), d(2)));
      await store.tryLock([a]);
      const result = await store.tryLock([lock('B', iv(d(5), d(6))), lock('B', iv(d(7), d(8))), lock('B', iv(d(1) + 3_600_000, d(3)))]);
      expect(result).toEqual({ ok: false, conflict: a });
      expect(await store.listLocks('B')).toEqual([]);
      // Two tasks in one request conflicting with each other: nothing is kept either.
      const both = await store.tryLock([lock('C', iv(d(10), d(12))), lock('D', iv(d(11), d(13)))]);
      expect(both).toEqual({ ok: false, conflict: lock('C', iv(d(10), d(12))) });
      expect(await store.listLocks()).toEqual([a]);
    });

    it('revokes only lower-priority locks, and a revoked lock neither blocks nor covers a publish', async () => {
      const low = lock('low', iv(d(1), d(3)), { priority: 50 });
      const other = lock('other', iv(d(5), d(6)), { priority: 25 });
      await store.tryLock([low, other]);
      // Same priority: no preemption.
      expect(await store.tryLock([lock('peer', iv(d(2), d(4)), { priority: 50 })])).toEqual({ ok: false, conflict: low });
      // All or nothing: a request that meets a lock it cannot revoke revokes nothing.
      const high = lock('high', iv(d(2), d(4)), { priority: 75 });
      expect(await store.tryLock([lock('high', iv(d(5), d(6)), { priority: 75 }), lock('high', iv(d(0), d(1)), { priority: 75, dataSource: 'x' }), lock('high', iv(d(0), d(9)), { priority: 10 })])).toEqual({ ok: false, conflict: low });
      expect(await store.listLocks()).toEqual([low, other]);

      expect(await store.tryLock([high])).toEqual({ ok: true });
      expect(await store.listLocks()).toEqual([{ ...low, revoked: true }, other, high]);
      // A revoked lock is no obstacle, even to a request of its own priority.
      expect(await store.tryLock([lock('peer', iv(d(1), d(2)), { priority: 50 })])).toEqual({ ok: true });
      const err = await store.publishSegments('low', [segment('wiki', iv(d(1), d(2)), 'v1')]).catch((e: unknown) => e);
      expect((err as DruidError).errorCode).toBe(LOCK_LOST_ERROR_CODE);
      expect(await usedIds()).toEqual([]);
      await store.publishSegments('high', [segment('wiki', iv(d(2), d(3)), 'v2')], [iv(d(2), d(4))]);
      expect(await usedIds()).toEqual(['wiki_2024-01-02T00:00:00.000Z_2024-01-03T00:00:00.000Z_v2']);
    });

    it('releases locks so other tasks can take them', async () => {
      await store.tryLock([lock('A', iv(d(1), d(2))), lock('A', iv(d(2), d(3)))]);
      expect((await store.tryLock([lock('B', iv(d(1), d(3)))])).ok).toBe(false);
      await store.releaseLocks('A');
      expect(await store.listLocks('A')).toEqual([]);
      expect(await store.tryLock([lock('B', iv(d(1), d(3)))])).toEqual({ ok: true });
    });

    it('publishes segments as used and reads their payloads back', async () => {
      await store.tryLock([lock('T', iv(d(1), d(3)))]);
      const s0 = segment('wiki', iv(d(1), d(2)), 'v1');
      const s1 = segment('wiki', iv(d(1), d(2)), 'v1', 1);
      const s2 = segment('wiki', iv(d(2), d(3)), 'v1');
      await store.publishSegments('T', [s0, s1, s2]);
      const records = await store.listUsedSegments('wiki');
      expect(records.map((r) => r.id)).toEqual([
        'wiki_2024-01-01T00:00:00.000Z_2024-01-02T00:00:00.000Z_v1',
        'wiki_2024-01-01T00:00:00.000Z_2024-01-02T00:00:00.000Z_v1_1',
        'wiki_2024-01-02T00:00:00.000Z_2024-01-03T00:00:00.000Z_v1',
      ]);
      expect(records.map((r) => r.segment)).toEqual([s0, s1, s2]);
      expect(records.every((r) => r.used && !Number.isNaN(Date.parse(r.createdDate)))).toBe(true);
      // Publishing the same segment again is a no-op, like Druid.
      await store.publishSegments('T', [s0]);
      expect(await usedIds('wiki')).toHaveLength(3);
    });

    it('accepts a segment covered by the union of abutting locks', async () => {
      await store.tryLock([lock('T', iv(d(1), d(2))), lock('T', iv(d(2), d(3)))]);
      await store.publishSegments('T', [segment('wiki', iv(d(1), d(3)), 'v1')]);
      expect(await usedIds()).toEqual(['wiki_2024-01-01T00:00:00.000Z_2024-01-03T00:00:00.000Z_v1']);
    });

    it('rejects a publish not covered by the task locks and commits nothing', async () => {
      await store.tryLock([lock('T', iv(d(1), d(2)))]);
      const inside = segment('wiki', iv(d(1), d(2)), 'v1');
      const outside = segment('wiki', iv(d(1), d(3)), 'v1', 1);
      const err = await store.publishSegments('T', [inside, outside]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DruidError);
      expect((err as DruidError).errorCode).toBe(LOCK_LOST_ERROR_CODE);
      expect((err as DruidError).message).toMatch(/does not hold a lock .*lock was lost/);
      expect(await usedIds()).toEqual([]);

      await expect(store.publishSegments('T', [segment('other', iv(d(1), d(2)), 'v1')])).rejects.toThrow(/lock was lost/);
      await expect(store.publishSegments('T', [inside], [iv(d(1), d(5))])).rejects.toThrow(/overwritten interval/);
      await store.releaseLocks('T');
      await expect(store.publishSegments('T', [inside])).rejects.toThrow(/lock was lost/);
      expect(await usedIds()).toEqual([]);
      expect(await store.listDataSources()).toEqual([]);
    });

    it('overwrite marks contained older segments unused and keeps partial overlaps', async () => {
      await store.tryLock([lock('old', iv(d(1), d(5))), lock('old', iv(d(1), d(5)), { dataSource: 'other' })]);
      const a = segment('wiki', iv(d(1), d(2)), 'v1');
      const b = segment('wiki', iv(d(2), d(3)), 'v1');
      const partial = segment('wiki', iv(d(2), d(4)), 'v1');
      const newer = segment('wiki', iv(d(1), d(2)), 'v9', 1);
      const elsewhere = segment('other', iv(d(1), d(2)), 'v1');
      await store.publishSegments('old', [a, b, partial, newer]);
      await store.publishSegments('old', [elsewhere]);
      await store.releaseLocks('old');

      await store.tryLock([lock('new', iv(d(1), d(3)))]);
      const replacement = segment('wiki', iv(d(1), d(2)), 'v2');
      await store.publishSegments('new', [replacement], [iv(d(1), d(3))]);

      expect(await usedIds('wiki')).toEqual([
        'wiki_2024-01-01T00:00:00.000Z_2024-01-02T00:00:00.000Z_v2',
        'wiki_2024-01-01T00:00:00.000Z_2024-01-02T00:00:00.000Z_v9_1',
        'wiki_2024-01-02T00:00:00.000Z_2024-01-04T00:00:00.000Z_v1',
      ]);
      expect(await usedIds('other')).toEqual(['other_2024-01-01T00:00:00.000Z_2024-01-02T00:00:00.000Z_v1']);
    });

    it('filters used segments by dataSource and overlapping interval', async () => {
      await store.tryLock([lock('T', iv(d(1), d(10))), lock('T', iv(d(1), d(10)), { dataSource: 'abc' })]);
      await store.publishSegments('T', [1, 2, 3].map((n) => segment('wiki', iv(d(n), d(n + 1)), 'v1')));
      await store.publishSegments('T', [segment('abc', iv(d(1), d(9)), 'v1')]);

      expect(await usedIds('wiki', iv(d(2), d(3)))).toEqual(['wiki_2024-01-02T00:00:00.000Z_2024-01-03T00:00:00.000Z_v1']);
      expect(await usedIds('wiki', iv(d(1) + 3_600_000, d(2) + 3_600_000))).toEqual([
        'wiki_2024-01-01T00:00:00.000Z_2024-01-02T00:00:00.000Z_v1',
        'wiki_2024-01-02T00:00:00.000Z_2024-01-03T00:00:00.000Z_v1',
      ]);
      expect(await usedIds('wiki', iv(d(4), d(8)))).toEqual([]);
      expect(await usedIds(undefined, iv(d(3), d(4)))).toEqual([
        'abc_2024-01-01T00:00:00.000Z_2024-01-09T00:00:00.000Z_v1',
        'wiki_2024-01-03T00:00:00.000Z_2024-01-04T00:00:00.000Z_v1',
      ]);
      expect(await usedIds()).toHaveLength(4);
      expect(await store.listDataSources()).toEqual(['abc', 'wiki']);

      await store.publishSegments('T', [segment('abc', iv(d(1), d(9)), 'v2')], [iv(d(1), d(10))]);
      await store.publishSegments('T', [segment('wiki', iv(d(1), d(2)), 'v2')], [iv(d(1), d(10))]);
      expect(await store.listDataSources()).toEqual(['abc', 'wiki']);
      expect(await usedIds('wiki')).toEqual(['wiki_2024-01-01T00:00:00.000Z_2024-01-02T00:00:00.000Z_v2']);
    });

    it('lets exactly one of two racing tasks lock and publish an interval', async () => {
      for (let round = 0; round < 8; round++) {
        const ds = `race${round}`;
        const attempt = async (taskId: string, version: string): Promise<boolean> => {
          const locked = await store.tryLock([lock(taskId, iv(d(1), d(3)), { dataSource: ds, version })]);
          if (!locked.ok) return false;
          await store.publishSegments(taskId, [segment(ds, iv(d(1), d(3)), version)], [iv(d(1), d(3))]);
          return true;
        };
        const wins = await Promise.all([attempt(`x${round}`, 'v1'), attempt(`y${round}`, 'v2')]);
        expect(wins.filter(Boolean)).toHaveLength(1);
        const winnerVersion = wins[0] ? 'v1' : 'v2';
        expect(await usedIds(ds)).toEqual([`${ds}_2024-01-01T00:00:00.000Z_2024-01-03T00:00:00.000Z_${winnerVersion}`]);
      }
    });

    it('keeps everything after close and reopen', async () => {
      await store.insertTask(task('keep'));
      await store.saveReport('keep', { ok: true });
      await store.tryLock([lock('keep', iv(d(1), d(2)))]);
      await store.publishSegments('keep', [segment('wiki', iv(d(1), d(2)), 'v1')]);
      await close(store);

      store = await open();
      expect(await store.getTask('keep')).toEqual(task('keep'));
      expect(await store.getReport('keep')).toEqual({ ok: true });
      expect(await store.listLocks('keep')).toEqual([lock('keep', iv(d(1), d(2)))]);
      expect((await store.listUsedSegments())[0]?.segment).toEqual(segment('wiki', iv(d(1), d(2)), 'v1'));
      expect(await store.listDataSources()).toEqual(['wiki']);
    });
  });
}
