/**
 * Keeps up to `limit` asynchronous tasks running and hands their results back in submission order.
 * A rejected task is seen when its turn comes (never as an unhandled rejection); `drain` waits for
 * the rest even after a failure, so nothing is left running.
 */
export class TaskWindow<T> {
  private readonly queue: Promise<T>[] = [];

  constructor(
    private readonly limit: number,
    private readonly consume: (result: T) => void,
  ) {}

  /** Adds a task; waits for the oldest one first when the window is full. */
  async add(task: Promise<T>): Promise<void> {
    task.catch(() => undefined);
    this.queue.push(task);
    if (this.queue.length >= this.limit) this.consume(await this.queue.shift()!);
  }

  /** Waits for every task, consuming results in order; rethrows the first failure after all settled. */
  async drain(): Promise<void> {
    try {
      while (this.queue.length) this.consume(await this.queue.shift()!);
    } finally {
      await Promise.allSettled(this.queue.splice(0));
    }
  }
}
