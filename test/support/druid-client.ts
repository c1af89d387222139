/** A small client for Druid's HTTP API, as a user's script would call it. */
export class DruidClient {
  constructor(readonly url: string) {}

  async post(path: string, body: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(this.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  }

  async get(path: string): Promise<{ status: number; body: any }> {
    const res = await fetch(this.url + path);
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  }

  /** POST /druid/v2/sql/task; expects 202 and returns the task id. */
  async submit(query: string, context: Record<string, unknown> = {}): Promise<string> {
    const res = await this.post('/druid/v2/sql/task', { query, context });
    if (res.status !== 202) throw new Error(`submit failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.taskId as string;
  }

  /** Polls the task's status until it is no longer RUNNING. */
  async waitFor(taskId: string, timeoutMs = 120_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await this.get(`/druid/indexer/v1/task/${taskId}/status`);
      if (body.status.status !== 'RUNNING') return body.status;
      if (Date.now() > deadline) throw new Error(`task ${taskId} still running after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Submits and waits; returns the final status. */
  async run(query: string, context: Record<string, unknown> = {}): Promise<{ taskId: string; status: any }> {
    const taskId = await this.submit(query, context);
    return { taskId, status: await this.waitFor(taskId) };
  }

  /** POST /druid/v2/sql with resultFormat array; returns rows. */
  async sql(query: string, extra: Record<string, unknown> = {}): Promise<unknown[][]> {
    const res = await this.post('/druid/v2/sql', { query, resultFormat: 'array', ...extra });
    if (res.status !== 200) throw new Error(`sql failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as unknown[][];
  }

  async report(taskId: string): Promise<any> {
    return (await this.get(`/druid/indexer/v1/task/${taskId}/reports`)).body;
  }
}
