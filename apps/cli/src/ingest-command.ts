import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProgressBar } from './progress-bar.ts';

/**
 * `silt ingest <spec.json>`: submits a native ingestion spec (Druid's POST /druid/indexer/v1/task)
 * and shows its progress until it ends, like Druid's bin/post-index-task. Resolves with the exit
 * code: 0 when the task succeeded.
 */
export async function ingestCommand(specPath: string, url: string, err: NodeJS.WriteStream): Promise<number> {
  const spec = JSON.parse(await readFile(specPath, 'utf8')) as unknown;
  const submitted = await fetch(`${url}/druid/indexer/v1/task`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
  const body = (await submitted.json()) as { task?: string; errorMessage?: string };
  if (!submitted.ok || !body.task) {
    err.write(`Task not submitted (HTTP ${submitted.status}): ${body.errorMessage ?? JSON.stringify(body)}\n`);
    return 1;
  }
  const task = body.task;
  err.write(`Task started: ${task}\n`);
  const bar = new ProgressBar(err);
  for (;;) {
    const status = (await (await fetch(`${url}/druid/indexer/v1/task/${encodeURIComponent(task)}/status`)).json()) as { status: { status: string; errorMsg: string | null; duration: number } };
    if (status.status.status !== 'RUNNING') {
      const rows = await processedRows(url, task);
      bar.done(`Task ${task} ${status.status.status} in ${status.status.duration} ms, ${rows.toLocaleString('en-US')} rows processed${status.status.errorMsg ? `: ${status.status.errorMsg}` : ''}`);
      return status.status.status === 'SUCCESS' ? 0 : 1;
    }
    const progress = await chat<{ succeeded: number; total: number }>(url, task, 'progress');
    const phase = (await chat<string>(url, task, 'phase')) ?? 'running';
    const rows = await processedRows(url, task);
    bar.update(progress?.succeeded ?? 0, progress?.total ?? null, `${phase} · ${rows.toLocaleString('en-US')} rows processed`);
    await sleep(250);
  }
}

async function chat<T>(url: string, task: string, path: string): Promise<T | null> {
  const res = await fetch(`${url}/druid/worker/v1/chat/${encodeURIComponent(task)}/${path}`);
  return res.ok ? ((await res.json()) as T) : null;
}

async function processedRows(url: string, task: string): Promise<number> {
  const res = await fetch(`${url}/druid/indexer/v1/task/${encodeURIComponent(task)}/reports`);
  if (!res.ok) return 0;
  const report = (await res.json()) as { ingestionStatsAndErrors?: { payload: { rowStats: { buildSegments: { processed: number } } } } };
  return report.ingestionStatsAndErrors?.payload.rowStats.buildSegments.processed ?? 0;
}
