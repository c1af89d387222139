import { formatInterval } from '@silt/common';
import type { DataSegment, ShardSpec } from './data-segment.ts';
import { segmentIdString } from './segment-id.ts';

/**
 * A shard spec as Druid serializes it, fields in Druid's order:
 * `numbered` / `tombstone` → `{type, partitionNum, partitions}`;
 * `range` → `{type, dimensions, start, end, partitionNum, numCorePartitions}`;
 * `single` → `{type, dimension, start, end, partitionNum, numCorePartitions}`;
 * `hashed` → `{type, partitionNum, partitions, bucketId, numBuckets, partitionDimensions, partitionFunction}`.
 */
export function shardSpecJson(spec: ShardSpec): Record<string, unknown> {
  switch (spec.type) {
    case 'numbered':
    case 'tombstone':
      return { type: spec.type, partitionNum: spec.partitionNum, partitions: spec.partitions };
    case 'range':
      return {
        type: 'range',
        dimensions: [...spec.dimensions],
        start: spec.start ? [...spec.start] : null,
        end: spec.end ? [...spec.end] : null,
        partitionNum: spec.partitionNum,
        numCorePartitions: spec.numCorePartitions,
      };
    case 'single':
      return { type: 'single', dimension: spec.dimension, start: spec.start, end: spec.end, partitionNum: spec.partitionNum, numCorePartitions: spec.numCorePartitions };
    case 'hashed':
      return {
        type: 'hashed',
        partitionNum: spec.partitionNum,
        partitions: spec.partitions,
        bucketId: spec.bucketId,
        numBuckets: spec.numBuckets,
        partitionDimensions: [...spec.partitionDimensions],
        partitionFunction: spec.partitionFunction,
      };
  }
}

/**
 * Druid's DataSegment JSON, as in sys.segments `payload` and the metadata store:
 * `{dataSource, interval: "start/end", version, loadSpec, dimensions: "a,b", metrics: "m1,m2",
 * shardSpec, binaryVersion, size, identifier}`.
 *
 * @example
 * ```ts
 * JSON.stringify(segmentPayload(segment));
 * // {"dataSource":"wikipedia","interval":"2015-09-12T00:00:00.000Z/2015-09-13T00:00:00.000Z",…}
 * ```
 */
export function segmentPayload(segment: DataSegment): Record<string, unknown> {
  return {
    dataSource: segment.dataSource,
    interval: formatInterval(segment.interval),
    version: segment.version,
    loadSpec: { ...segment.loadSpec },
    dimensions: segment.dimensions.join(','),
    metrics: segment.metrics.join(','),
    shardSpec: shardSpecJson(segment.shardSpec),
    binaryVersion: segment.binaryVersion,
    size: segment.size,
    identifier: segmentIdString(segment),
  };
}
