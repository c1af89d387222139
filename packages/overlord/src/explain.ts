import { type RowSignature, formatInterval } from '@silt/common';
import type { QueryDefinition } from '@silt/engine';
import { type PlannedStatement, isIngest } from '@silt/sql';

/** Columns of an EXPLAIN PLAN FOR answer, as Druid returns them. */
export const EXPLAIN_SIGNATURE: RowSignature = [
  { name: 'PLAN', type: 'STRING' },
  { name: 'RESOURCES', type: 'STRING' },
  { name: 'ATTRIBUTES', type: 'STRING' },
];

/**
 * EXPLAIN PLAN FOR: the query's stages (input, processor, shuffle, signature) as JSON, the tables it
 * reads and writes, and the statement's attributes.
 */
export function explainRow(statement: PlannedStatement, definition: QueryDefinition): string[] {
  const plan = definition.stages.map((s) => ({
    stageNumber: s.stageNumber,
    input: s.input.map((i) => (i.type === 'table' ? { ...i, intervals: i.intervals.map(formatInterval) } : i)),
    broadcast: s.broadcast,
    processor: s.processor.type,
    signature: s.signature,
    shuffleSpec: s.shuffleSpec,
  }));
  const read = new Set<string>();
  for (const s of definition.stages) for (const i of s.input) if (i.type === 'table') read.add(i.dataSource);
  const resources = [...read].map((name) => ({ name, type: 'DATASOURCE' }));
  const attributes: Record<string, unknown> = { statementType: statement.kind.toUpperCase() };
  if (isIngest(statement)) {
    resources.push({ name: statement.dataSource, type: 'DATASOURCE' });
    Object.assign(attributes, { targetDataSource: statement.dataSource, partitionedBy: statement.segmentGranularity, clusteredBy: statement.clusteredBy.length ? statement.clusteredBy : null });
    if (statement.kind === 'replace') attributes.replaceTimeChunks = statement.replaceTimeChunks === 'all' ? 'all' : statement.replaceTimeChunks!.map(formatInterval).join(',');
  }
  return [JSON.stringify(plan), JSON.stringify(resources), JSON.stringify(attributes)];
}
