import type { Interval } from '@silt/common';
import { overlaps } from '@silt/common';
import type { EngineServices, ProcessingPool, SegmentToRead } from '@silt/engine';
import type { MetadataStore } from '@silt/metadata';
import { segmentIdString } from '@silt/segment';
import type { DeepStorage } from '@silt/storage';
import type { SchemaCache } from './schema-cache.ts';
import { visibleDataSegments } from './visible-segments.ts';
import { type TaskLocation, systemTableFrame } from './system-tables.ts';

/**
 * The engine's view of the world, backed by the metadata store and deep storage: visible segments
 * (Druid's timeline), used segments for allocation, and system tables.
 */
export function engineServices(args: {
  pool: ProcessingPool;
  workDir: string;
  deepStorage: DeepStorage;
  metadata: MetadataStore;
  schemas: SchemaCache;
  location: TaskLocation;
}): EngineServices {
  const { metadata, deepStorage } = args;
  return {
    pool: args.pool,
    workDir: args.workDir,
    deepStorage,
    async tableSegments(dataSource: string, intervals: readonly Interval[]): Promise<SegmentToRead[]> {
      const out: SegmentToRead[] = [];
      for (const v of await visibleDataSegments(metadata, dataSource)) {
        const clipped = v.intervals.flatMap((i) =>
          intervals.filter((q) => overlaps(i, q)).map((q) => ({ start: Math.max(i.start, q.start), end: Math.min(i.end, q.end) })),
        );
        if (clipped.length === 0) continue;
        out.push({ segment: v.segment, intervals: clipped, path: deepStorage.localPath(v.segment.loadSpec) });
      }
      return out;
    },
    druidSegments: {
      async segmentsFor(dataSource, interval) {
        const out = [];
        for (const v of await visibleDataSegments(metadata, dataSource)) {
          const intervals = v.intervals.filter((i) => overlaps(i, interval)).map((i) => ({ start: Math.max(i.start, interval.start), end: Math.min(i.end, interval.end) }));
          if (intervals.length) out.push({ path: deepStorage.localPath(v.segment.loadSpec), size: v.segment.size, intervals, id: segmentIdString(v.segment) });
        }
        return out;
      },
    },
    async usedSegments(dataSource: string) {
      return (await metadata.listUsedSegments(dataSource)).map((r) => r.segment);
    },
    systemTable: (table, signature) => systemTableFrame(table, signature, metadata, args.schemas, args.location),
  };
}
