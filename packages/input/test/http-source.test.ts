import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { FaultError, type RowSignature } from '@silt/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSplits } from '../src/index.ts';
import { readAll } from './read-all.ts';

const ROWS = Array.from({ length: 2000 }, (_, i) => `{"n":${i},"s":"row ${i}"}`).join('\n') + '\n';
const GZ = gzipSync(ROWS);
const SIGNATURE: RowSignature = [
  { name: 'n', type: 'LONG' },
  { name: 's', type: 'STRING' },
];
const EXPECTED = Array.from({ length: 2000 }, (_, i) => [i, `row ${i}`]);

/** GET requests per path, and the headers of the latest one. */
const gets = new Map<string, number>();
const lastHeaders = new Map<string, IncomingMessage['headers']>();

function send(req: IncomingMessage, res: ServerResponse, body: Buffer | string, status = 200, extra: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'content-length': String(bytes.length), ...extra });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url!;
  if (req.method === 'GET') {
    gets.set(url, (gets.get(url) ?? 0) + 1);
    lastHeaders.set(url, req.headers);
  }
  const count = gets.get(url) ?? 0;
  switch (url) {
    case '/data.json':
      return send(req, res, ROWS);
    case '/data.json.gz':
      return send(req, res, GZ, 200, { 'content-type': 'application/gzip' });
    case '/flaky.json':
      return req.method === 'GET' && count === 1 ? send(req, res, 'busy', 503) : send(req, res, ROWS);
    case '/down.json':
      return send(req, res, 'down', 503);
    case '/broken-midway.json': {
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (range) return send(req, res, ROWS.slice(Number(range[1])), 206);
      if (req.method === 'GET' && count === 1) {
        // Send part of the body, then drop the connection.
        res.writeHead(200, { 'content-length': String(ROWS.length) });
        res.write(ROWS.slice(0, 10_000), () => res.socket?.destroy());
        return;
      }
      return send(req, res, ROWS);
    }
    case '/private.json': {
      const ok = req.headers.authorization === `Basic ${Buffer.from('druid:secret').toString('base64')}` && req.headers['x-tenant'] === 'wiki';
      return ok ? send(req, res, ROWS) : send(req, res, 'no', 401, { 'www-authenticate': 'Basic' });
    }
    case '/no-head.json':
      return req.method === 'HEAD' ? send(req, res, '', 405) : send(req, res, ROWS);
    default:
      return send(req, res, 'not here', 404);
  }
}

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const http = (...paths: string[]) => ({ type: 'http', uris: paths.map((p) => base + p) });

describe('http input source', () => {
  it('lists one split per URI, sized by a HEAD request (0 when HEAD fails)', async () => {
    const before = gets.get('/data.json') ?? 0;
    const splits = await listSplits(http('/data.json', '/data.json.gz', '/no-head.json'));
    expect(splits.map((s) => [s.source, s.size])).toEqual([
      [`${base}/data.json`, ROWS.length],
      [`${base}/data.json.gz`, GZ.length],
      [`${base}/no-head.json`, 0],
    ]);
    expect(gets.get('/data.json') ?? 0).toBe(before);
  });

  it('streams plain and gzipped bodies', async () => {
    const plain = await readAll(http('/data.json'), { type: 'json' }, SIGNATURE, 4096);
    expect(plain.rows).toEqual(EXPECTED);
    expect(plain.chunks.length).toBeGreaterThan(5);
    const gz = await readAll(http('/data.json.gz'), { type: 'json' }, SIGNATURE);
    expect(gz.rows).toEqual(EXPECTED);
  });

  it('retries a 503 and then succeeds', async () => {
    const { rows } = await readAll(http('/flaky.json'), { type: 'json' }, SIGNATURE);
    expect(rows).toEqual(EXPECTED);
    expect(gets.get('/flaky.json')).toBe(2);
  });

  it('resumes a body that breaks midway with a Range request', async () => {
    const { rows } = await readAll(http('/broken-midway.json'), { type: 'json' }, SIGNATURE);
    expect(rows).toEqual(EXPECTED);
    expect(gets.get('/broken-midway.json')).toBe(2);
    expect(lastHeaders.get('/broken-midway.json')!.range).toBe('bytes=10000-');
  });

  it('raises CannotParseExternalData with the status and URI for a 404, without retrying', async () => {
    const error = await readAll(http('/missing.json'), { type: 'json' }, SIGNATURE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FaultError);
    expect((error as FaultError).fault).toMatchObject({
      errorCode: 'CannotParseExternalData',
      errorMessage: `Cannot read [${base}/missing.json]: HTTP status [404 Not Found]`,
    });
    expect(gets.get('/missing.json')).toBe(1);
  });

  it('gives up on a persistent 503 after 3 retries', async () => {
    const error = await readAll(http('/down.json'), { type: 'json' }, SIGNATURE).catch((e: unknown) => e);
    expect((error as FaultError).fault.errorMessage).toBe(`Cannot read [${base}/down.json]: HTTP status [503 Service Unavailable] (after 4 attempts)`);
    expect(gets.get('/down.json')).toBe(4);
  });

  it('sends basic authentication (plain, default and environment providers) and request headers', async () => {
    const spec = (password: unknown) => ({ ...http('/private.json'), httpAuthenticationUsername: 'druid', httpAuthenticationPassword: password, requestHeaders: { 'X-Tenant': 'wiki' } });
    expect((await readAll(spec('secret'), { type: 'json' }, SIGNATURE)).rows).toHaveLength(2000);
    expect((await readAll(spec({ type: 'default', password: 'secret' }), { type: 'json' }, SIGNATURE)).rows).toHaveLength(2000);
    process.env.SILT_TEST_HTTP_PASSWORD = 'secret';
    expect((await readAll(spec({ type: 'environment', variable: 'SILT_TEST_HTTP_PASSWORD' }), { type: 'json' }, SIGNATURE)).rows).toHaveLength(2000);
    delete process.env.SILT_TEST_HTTP_PASSWORD;
    await expect(readAll(spec('wrong'), { type: 'json' }, SIGNATURE)).rejects.toThrow('HTTP status [401 Unauthorized]');
    expect(lastHeaders.get('/private.json')!['accept-encoding']).toBe('identity');
  });
});
