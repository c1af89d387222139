import { z } from 'zod';

/** Druid's SQL query parameter (`{type, value}`). */
const sqlParameter = z.object({ type: z.string(), value: z.unknown() });

/** Body of POST /druid/v2/sql/task (resultFormat and header fields are accepted and ignored). */
export const sqlTaskBody = z.object({
  query: z.string().min(1, 'query must not be empty'),
  context: z.record(z.string(), z.unknown()).optional(),
  parameters: z.array(sqlParameter).optional(),
  resultFormat: z.string().optional(),
  header: z.boolean().optional(),
  typesHeader: z.boolean().optional(),
  sqlTypesHeader: z.boolean().optional(),
});

/** Body of POST /druid/v2/sql. */
export const sqlQueryBody = sqlTaskBody.extend({
  resultFormat: z.enum(['object', 'array', 'objectLines', 'arrayLines', 'csv']).default('object'),
  header: z.boolean().default(false),
  typesHeader: z.boolean().default(false),
  sqlTypesHeader: z.boolean().default(false),
});

export type SqlQueryBody = z.infer<typeof sqlQueryBody>;

/** Query string of GET /druid/indexer/v1/tasks. */
export const taskListQuery = z.object({
  state: z.enum(['running', 'complete', 'waiting', 'pending']).optional(),
  datasource: z.string().optional(),
  max: z.coerce.number().int().positive().optional(),
});

/** Query string of GET /druid/indexer/v1/task/{id}/log: a byte offset, negative from the end. */
export const taskLogQuery = z.object({ offset: z.coerce.number().int().optional() });

/** Path parameters of the per-task routes. */
export const taskParams = z.object({ taskId: z.string().min(1) });
