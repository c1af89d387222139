import { type Server, createServer } from 'node:http';

/**
 * A local HTTP server that serves the first part of a body, then holds the connection open until
 * `release()` — so a test can look at a task while it is still reading its input.
 */
export interface GatedServer {
  readonly url: string;
  /** Resolves once a client has received the first part. */
  readonly firstPartSent: Promise<void>;
  release(): void;
  close(): Promise<void>;
}

export async function gatedHttpServer(first: string, rest: string): Promise<GatedServer> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let sent!: () => void;
  const firstPartSent = new Promise<void>((r) => (sent = r));
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.method === 'HEAD') return res.end();
    res.write(first, () => sent());
    void released.then(() => res.end(rest));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/data.json`,
    firstPartSent,
    release,
    close: () =>
      new Promise<void>((r) => {
        release();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
