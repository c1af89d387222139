import { DruidError, invalidInput } from '@silt/common';
import type { Silt } from '@silt/silt';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { ZodError, type z } from 'zod';
import { formatResult } from './result-formats.ts';
import { sqlQueryBody, sqlTaskBody, taskListQuery, taskLogQuery, taskParams } from './schemas.ts';

/**
 * The HTTP server: Druid's routes for SQL-based ingestion, the task API and SQL queries, as a thin
 * layer over an embedded Silt. Bodies are validated with zod; every error answers with Druid's
 * error JSON and the matching status.
 */
export function buildApp(silt: Silt, options: { logger?: boolean } = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 64 * 1024 * 1024 });

  app.setErrorHandler((error, _request, reply) => sendError(reply, error));
  app.setNotFoundHandler((request, reply) => {
    sendError(reply, new DruidError('NOT_FOUND', 'notFound', `No route for [${request.method} ${request.url}]`));
  });

  const parse = <T extends z.ZodType>(schema: T, value: unknown): z.infer<T> => schema.parse(value ?? {});

  app.get('/status', async () => ({ version: '0.1.0', modules: [], memory: memory() }));
  app.get('/status/health', async () => true);

  app.post('/druid/v2/sql/task', async (request, reply) => {
    const body = parse(sqlTaskBody, request.body);
    const result = await silt.submitSql(body);
    if ('explain' in result) {
      const [PLAN, RESOURCES, ATTRIBUTES] = result.explain;
      return reply.code(200).send([{ PLAN, RESOURCES, ATTRIBUTES }]);
    }
    return reply.code(202).send(result);
  });

  app.post('/druid/v2/sql', async (request, reply) => {
    const body = parse(sqlQueryBody, request.body);
    const { signature, sqlTypeNames, rows } = await silt.query(body);
    const out = formatResult(signature, sqlTypeNames, rows, body);
    return reply.type(out.contentType).send(out.body);
  });

  app.post('/druid/indexer/v1/task', async (request) => silt.submitTask(request.body));
  app.get('/druid/worker/v1/chat/:taskId/*', async (request, reply) => {
    const { taskId } = parse(taskParams, request.params);
    const path = String((request.params as Record<string, string>)['*'] ?? '').split('/').filter(Boolean);
    return reply.type('application/json').send(JSON.stringify(silt.supervisorChat(taskId, path)));
  });

  app.get('/druid/indexer/v1/task/:taskId', async (request) => silt.taskPayload(parse(taskParams, request.params).taskId));
  app.get('/druid/indexer/v1/task/:taskId/status', async (request) => silt.taskStatus(parse(taskParams, request.params).taskId));
  app.get('/druid/indexer/v1/task/:taskId/reports', async (request) => silt.taskReport(parse(taskParams, request.params).taskId));
  app.get('/druid/indexer/v1/task/:taskId/log', async (request, reply) => {
    const log = await silt.taskLog(parse(taskParams, request.params).taskId, parse(taskLogQuery, request.query).offset);
    return reply.type('text/plain; charset=utf-8').send(log);
  });
  app.post('/druid/indexer/v1/task/:taskId/shutdown', async (request) => silt.cancelTask(parse(taskParams, request.params).taskId));

  app.get('/druid/indexer/v1/tasks', async (request) => {
    const q = parse(taskListQuery, request.query);
    return silt.listTasks({ state: q.state, dataSource: q.datasource, max: q.max });
  });
  app.get('/druid/indexer/v1/runningTasks', async () => silt.listTasks({ state: 'running' }));
  app.get('/druid/indexer/v1/completeTasks', async () => silt.listTasks({ state: 'complete' }));
  app.get('/druid/indexer/v1/waitingTasks', async () => silt.listTasks({ state: 'waiting' }));
  app.get('/druid/indexer/v1/pendingTasks', async () => silt.listTasks({ state: 'pending' }));

  return app;
}

function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof ZodError) {
    const issue = error.issues[0]!;
    const field = issue.path.join('.') || 'body';
    return reply.code(400).send(invalidInput(`Invalid request: [${field}] ${issue.message}`).toJSON());
  }
  if (error instanceof DruidError) return reply.code(error.status).send(error.toJSON());
  const e = error as { statusCode?: number; message?: string };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    // Fastify's own client errors (malformed JSON, unsupported content type, body too large).
    return reply.code(e.statusCode).send(invalidInput(e.message ?? 'Bad request').toJSON());
  }
  const message = error instanceof Error ? error.message : String(error);
  return reply.code(500).send(new DruidError('UNCATEGORIZED', 'internalServerError', message).toJSON());
}

function memory(): Record<string, number> {
  const m = process.memoryUsage();
  return { maxMemory: m.heapTotal, totalMemory: m.rss, freeMemory: m.heapTotal - m.heapUsed, usedMemory: m.heapUsed, directMemory: m.external };
}
