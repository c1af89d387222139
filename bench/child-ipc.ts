/**
 * A forked child process spoken to by IPC requests, one reply per request, in order: how the
 * bench drives DuckDB (`duckdb-child.mjs`) and an embedded Silt (`silt-embedded-child.mjs`), each
 * in a process of its own so that its memory and its threads are its own.
 *
 * Protocol: the child sends `{ ready: true }` once it is open; each request `{ id, op, … }` gets
 * `{ id, ok: true, …fields }` or `{ id, ok: false, error }`; on `{ op: 'close' }` the child replies,
 * then exits.
 */
import { type ChildProcess, fork } from 'node:child_process';

/** A reply from the child: `ok` with the op's fields, or the error message. */
type Reply = { readonly id: number; readonly ok: true; readonly [field: string]: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

/** The fields of a successful reply. */
export type ReplyFields = { readonly [field: string]: unknown };

/** Result of a timed query: wall time inside the child's process (ms) and the rows as JSON values. */
export interface TimedRows {
  readonly ms: number;
  readonly rows: readonly (readonly unknown[])[];
}

export class ChildIpc {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();

  private constructor(
    private readonly child: ChildProcess,
    /** Names the child in errors, e.g. `DuckDB`. */
    private readonly name: string,
  ) {
    child.on('message', (message: Reply) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      waiter.resolve(message);
    });
    child.on('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${name} child exited with code ${code}`));
      this.pending.clear();
    });
  }

  /** Forks `script` with `args` (no loader flags: the child runs plain JavaScript) and waits until it is ready. */
  static async fork(script: string, args: readonly string[], name: string): Promise<ChildIpc> {
    const child = fork(script, [...args], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: { ready?: boolean }) => {
        if (!message.ready) return;
        child.off('exit', onExit);
        resolve();
      };
      const onExit = (code: number | null) => reject(new Error(`${name} child exited with code ${code} before it was ready`));
      child.once('message', onMessage);
      child.once('exit', onExit);
    });
    return new ChildIpc(child, name);
  }

  /** Process id of the child. */
  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} child has no pid`);
    return this.child.pid;
  }

  /** Sends one request; resolves with the reply's fields, rejects with the child's error. */
  request(message: Record<string, unknown>): Promise<ReplyFields> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (reply) => (reply.ok ? resolve(reply) : reject(new Error(`${this.name}: ${reply.error}`))),
        reject,
      });
      this.child.send({ id, ...message });
    });
  }

  /** Runs one query: `{ op: 'query', sql }` answered with its time inside the child and its rows. */
  async query(sql: string): Promise<TimedRows> {
    const reply = await this.request({ op: 'query', sql });
    return { ms: reply.ms as number, rows: reply.rows as unknown[][] };
  }

  /** Asks the child to close and waits until it has exited (at once if it already has). */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.request({ op: 'close' });
    await exited;
  }
}
