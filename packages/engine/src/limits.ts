import { FaultError, type RowSignature, fault } from '@silt/common';

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

/** Checks a stage's output signature and clustering against Druid's limits. */
export function checkStageLimits(stage: number, signature: RowSignature, clusterBy: readonly string[]): void {
  if (signature.length > LIMITS.maxColumns) throw new FaultError(fault('TooManyColumns', { numColumns: signature.length, maxColumns: LIMITS.maxColumns }));
  if (clusterBy.length > LIMITS.maxClusteredByColumns) {
    throw new FaultError(fault('TooManyClusteredByColumns', { numColumns: clusterBy.length, maxColumns: LIMITS.maxClusteredByColumns, stage }));
  }
  for (const name of clusterBy) {
    const type = signature.find((c) => c.name === name)?.type;
    if (type && type.startsWith('COMPLEX')) throw new FaultError(fault('ColumnTypeNotSupported', { columnName: name, columnType: type }));
  }
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
