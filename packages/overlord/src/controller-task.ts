import type { QueryDefinition } from '@silt/engine';
import { type PlannedStatement, type ResolvedContext, isIngest } from '@silt/sql';

/**
 * The payload of an MSQ controller task (`GET /druid/indexer/v1/task/{id}` → `payload`), in
 * Druid's query_controller shape: the SQL, its context, the plan, and the destination.
 */
export function controllerTaskPayload(args: {
  taskId: string;
  statement: PlannedStatement;
  definition: QueryDefinition;
  context: ResolvedContext;
  sqlTypeNames: readonly string[];
}): Record<string, unknown> {
  const { taskId, statement } = args;
  const dataSource = isIngest(statement) ? statement.dataSource : null;
  return {
    type: 'query_controller',
    id: taskId,
    spec: {
      query: { queryId: args.definition.queryId, stages: args.definition.stages.map((s) => ({ id: s.id, processor: s.processor.type })) },
      columnMappings: (isIngest(statement) ? statement.outputColumns : statement.plan.signature).map((c) => ({ queryColumn: c.name, outputColumn: c.name })),
      destination: !isIngest(statement)
        ? statement.kind === 'export'
          ? { type: 'export', exportDestination: statement.destination, resultFormat: statement.format }
          : { type: 'taskReport' }
        : {
              type: 'dataSource',
              dataSource,
              segmentGranularity: statement.segmentGranularity,
              replaceTimeChunks: statement.kind === 'replace' ? statement.replaceTimeChunks : null,
            },
      assignmentStrategy: 'max',
      tuningConfig: { maxNumWorkers: args.context.maxNumTasks - 1, maxRowsInMemory: args.context.rowsInMemory, rowsPerSegment: args.context.rowsPerSegment },
    },
    sqlQuery: statement.sql,
    sqlQueryContext: statement.context,
    sqlResultsContext: { timeZone: 'UTC', serializeComplexValues: true, stringifyArrays: true },
    sqlTypeNames: args.sqlTypeNames,
    context: { forceTimeChunkLock: true, useLineageBasedSegmentAllocation: true },
    groupId: taskId,
    dataSource: dataSource ?? '__query_select',
    resource: { availabilityGroup: taskId, requiredCapacity: 1 },
  };
}
