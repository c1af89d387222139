import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Task logs, one text file per task in a directory (Druid's task log storage, served by
 * `GET /druid/indexer/v1/task/{id}/log`). Lines are appended in order; a read sees every line
 * appended before it.
 */
export class TaskLogs {
  /** The last pending write of each task, so appends stay in order and reads wait for them. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly dir: string) {}

  /** Appends `message` as one line, stamped with the time and `level`. Never throws. */
  append(taskId: string, message: string, level: 'INFO' | 'WARN' | 'ERROR' = 'INFO'): void {
    const line = `${new Date().toISOString()} ${level} [${taskId}] ${message}\n`;
    const previous = this.pending.get(taskId) ?? mkdir(this.dir, { recursive: true }).then(() => undefined);
    const next = previous.then(() => appendFile(this.path(taskId), line)).catch(() => undefined);
    this.pending.set(taskId, next);
    void next.then(() => {
      if (this.pending.get(taskId) === next) this.pending.delete(taskId);
    });
  }

  /**
   * The task's log from byte `offset` (a negative offset counts from the end, as Druid's `offset`
   * parameter does), or null when the task has no log.
   */
  async read(taskId: string, offset = 0): Promise<string | null> {
    await this.pending.get(taskId);
    const bytes = await readFile(this.path(taskId)).catch(() => null);
    if (!bytes) return null;
    const start = offset < 0 ? Math.max(0, bytes.length + offset) : Math.min(offset, bytes.length);
    return bytes.subarray(start).toString('utf8');
  }

  private path(taskId: string): string {
    // Task ids hold ':' (ISO times) and may hold other characters a file name should not.
    return join(this.dir, `${encodeURIComponent(taskId)}.log`);
  }
}
