import { FaultError, type Granularity, type RowSignature, fault } from '@silt/common';

/** Druid's MSQ limits (Limits.java), with the faults that guard them. */
export const LIMITS = {
  maxColumns: 2000,
  maxClusteredByColumns: 1500,
  maxWorkers: 1000,
  maxPartitions: 25_000,
  maxBuckets: 5000,
} as const;

/** Column names an INSERT / REPLACE may not output (the engine's own partitioning columns). */
const RESTRICTED_COLUMNS = ['__bucket', '__boost'];

/**
 * Checks a stage's output signature and clustering against Druid's limits. `internalKeyColumns` are
 * the key columns Druid's stage would add to both (see {@link ingestScanKeyColumns}); they count.
 */
export function checkStageLimits(stage: number, signature: RowSignature, clusterBy: readonly string[], internalKeyColumns = 0): void {
  const numColumns = signature.length + internalKeyColumns;
  if (numColumns > LIMITS.maxColumns) throw new FaultError(fault('TooManyColumns', { numColumns, maxColumns: LIMITS.maxColumns }));
  const numClusterBy = clusterBy.length + internalKeyColumns;
  if (numClusterBy > LIMITS.maxClusteredByColumns) {
    throw new FaultError(fault('TooManyClusteredByColumns', { numColumns: numClusterBy, maxColumns: LIMITS.maxClusteredByColumns, stage }));
  }
  for (const name of clusterBy) {
    const type = signature.find((c) => c.name === name)?.type;
    if (type && type.startsWith('COMPLEX')) throw new FaultError(fault('ColumnTypeNotSupported', { columnName: name, columnType: type }));
  }
}

/**
 * The key columns Druid's scan stage adds when its rows are sorted for segment generation: the
 * partition boost (`__boost`), and the time chunk (`__bucket`) unless PARTITIONED BY ALL.
 */
export function ingestScanKeyColumns(segmentGranularity: Granularity): number {
  return segmentGranularity.type === 'all' ? 1 : 2;
}

/** An INSERT / REPLACE may not write the engine's reserved column names. */
export function checkOutputColumns(signature: RowSignature): void {
  const bad = signature.find((c) => RESTRICTED_COLUMNS.includes(c.name));
  if (bad) throw new FaultError(fault('ColumnNameRestricted', { columnName: bad.name }));
}

/** Workers a query may use. */
export function checkWorkers(workers: number): void {
  if (workers > LIMITS.maxWorkers) throw new FaultError(fault('TooManyWorkers', { workers, maxWorkers: LIMITS.maxWorkers }));
}
