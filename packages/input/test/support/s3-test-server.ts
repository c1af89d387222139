import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { makeTempDir } from '../temp-dirs.ts';

/** s3rver's fixed credentials (it accepts only these). */
export const S3RVER_KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** A real S3-compatible server (s3rver) on 127.0.0.1 at an ephemeral port, storing under a temp dir. */
export interface S3TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** The input source fields that point an `s3` input source at this server. */
  readonly connection: Record<string, unknown>;
  createBucket(bucket: string): Promise<void>;
  put(bucket: string, key: string, body: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts s3rver in a child Node process and an SDK client to fill it. s3rver encrypts ListObjectsV2
 * continuation tokens with DES, which Node 17+ only offers with `--openssl-legacy-provider`; a child
 * process takes that flag without touching the test process.
 */
export async function startS3TestServer(): Promise<S3TestServer> {
  const s3rverPath = createRequire(import.meta.url).resolve('s3rver');
  const script = `
    const S3rver = require(${JSON.stringify(s3rverPath)});
    const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(makeTempDir())} });
    server.run().then(({ port }) => process.stdout.write(JSON.stringify({ port }) + '\\n'));
    process.stdin.on('end', () => server.close().then(() => process.exit(0)));
    process.stdin.resume();
  `;
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await firstLine(child).then((line) => (JSON.parse(line) as { port: number }).port);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_KEYS });
  return {
    endpoint,
    connection: {
      endpointConfig: { url: `127.0.0.1:${port}`, signingRegion: 'us-east-1' },
      clientConfig: { protocol: 'http', enablePathStyleAccess: true },
      properties: { ...S3RVER_KEYS },
    },
    async createBucket(bucket) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    },
    async put(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async close() {
      client.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      await exited;
    },
  };
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (data: Buffer) => {
      text += data.toString('utf8');
      const nl = text.indexOf('\n');
      if (nl >= 0) resolve(text.slice(0, nl));
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with code ${code} before listening`)));
  });
}
