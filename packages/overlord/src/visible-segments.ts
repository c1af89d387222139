import type { MetadataStore } from '@silt/metadata';
import { type VisibleSegment, visibleSegments } from '@silt/segment';

/** A datasource's visible segments that hold rows (tombstones left out), per Druid's timeline. */
export async function visibleDataSegments(metadata: MetadataStore, dataSource: string): Promise<VisibleSegment[]> {
  const used = (await metadata.listUsedSegments(dataSource)).map((r) => r.segment);
  return visibleSegments(used).filter((v) => v.segment.shardSpec.type !== 'tombstone');
}
