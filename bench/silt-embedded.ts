/**
 * Parent-side handle on an embedded Silt (`silt-embedded-child.mjs`): the library API in a process
 * of its own, over the data directory a stopped `SiltServer` kept, so that its queries are timed
 * in process, like DuckDB's.
 */
import { fileURLToPath } from 'node:url';
import { ChildIpc, type TimedRows } from './child-ipc.ts';

const CHILD = fileURLToPath(new URL('./silt-embedded-child.mjs', import.meta.url));

export class SiltEmbedded {
  private constructor(private readonly child: ChildIpc) {}

  /** Forks the child over `dataDir` and waits until Silt is open there. */
  static async open(dataDir: string): Promise<SiltEmbedded> {
    return new SiltEmbedded(await ChildIpc.fork(CHILD, [dataDir], 'embedded Silt'));
  }

  /** Runs one query through `Silt.query`; returns its time inside the child and its rows. */
  query(sql: string): Promise<TimedRows> {
    return this.child.query(sql);
  }

  /** Closes Silt and waits for the child to exit; the data directory stays. */
  close(): Promise<void> {
    return this.child.close();
  }
}
