/**
 * The server a golden file runs against: started before the file's first record, replaced by a
 * fresh process with an empty data directory on `reset` (Druid's MSQ tests each start from an
 * empty cluster, and Silt has no API to drop a datasource), stopped after the file.
 */
import { afterAll, beforeAll } from 'vitest';
import { DruidClient } from '../../support/druid-client.ts';
import { type RunningServer, removeDataDir, startServer } from '../../support/server.ts';

/** A restartable server for one `describe`. */
export interface SltServer {
  /** The client of the current server process. */
  client(): DruidClient;
  /** Stops the current server, removes its data, and starts a fresh one. */
  reset(): Promise<void>;
}

/** Registers the hooks that own one server for the enclosing `describe`. */
export function useSltServer(): SltServer {
  let server: RunningServer | undefined;
  let druid: DruidClient | undefined;
  const stop = async () => {
    if (!server) return;
    await server.stop();
    await removeDataDir(server.dataDir);
    server = undefined;
  };
  const start = async () => {
    server = await startServer();
    druid = new DruidClient(server.url);
  };
  beforeAll(start);
  afterAll(stop);
  return {
    client: () => druid!,
    async reset() {
      await stop();
      await start();
    },
  };
}
