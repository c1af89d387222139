import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultError } from '@silt/common';
import { globMatcher } from './glob-matcher.ts';
import { cannotReadInput } from './input-faults.ts';
import type { S3InputSource } from './input-source-spec.ts';
import { s3Client, s3Fault, S3_MAX_ATTEMPTS } from './s3-client.ts';
import { type S3Location, parseS3Uri, s3Uri } from './s3-location.ts';

/** An S3 object to read, with its size in bytes. */
export interface S3Object {
  readonly location: S3Location;
  readonly size: number;
}

/** Keys asked for per ListObjectsV2 page (S3's maximum). */
const LIST_PAGE_KEYS = 1000;
/** HeadObject requests in flight at once when sizing `uris` and `objects`. */
const HEAD_CONCURRENCY = 16;

/**
 * The objects of an `s3` input source, in Druid's order, each with its size:
 * - `uris` and `objects` in the given order, sized with HeadObject (a missing object fails here);
 * - `prefixes` in the given order, each listed with ListObjectsV2 page by page (keys in S3's
 *   lexicographic order); empty objects under a prefix are skipped, as in Druid.
 * `objectGlob` filters all three by the object key (see {@link globMatcher}).
 *
 * @throws FaultError (CannotParseExternalData) naming the object or prefix for a missing object or
 *   bucket, refused credentials, or a request that keeps failing after the SDK's retries.
 */
export async function listS3Objects(spec: S3InputSource): Promise<S3Object[]> {
  const matches = spec.objectGlob ? globMatcher(spec.objectGlob) : () => true;
  const client = s3Client(spec);
  try {
    if (spec.prefixes?.length) {
      const found: S3Object[] = [];
      for (const prefix of spec.prefixes) {
        for await (const object of listPrefix(client, parseS3Uri(prefix)!, prefix)) {
          if (object.size > 0 && matches(object.location.key)) found.push(object);
        }
      }
      return found;
    }
    const locations = spec.uris?.length ? spec.uris.map((uri) => parseS3Uri(uri)!) : spec.objects!.map((o) => ({ bucket: o.bucket, key: o.path }));
    const wanted = locations.filter((l) => matches(l.key));
    return await mapLimit(wanted, HEAD_CONCURRENCY, async (location) => ({ location, size: await headSize(client, location) }));
  } finally {
    client.destroy();
  }
}

async function* listPrefix(client: S3Client, prefix: S3Location, uri: string): AsyncIterable<S3Object> {
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new ListObjectsV2Command({ Bucket: prefix.bucket, Prefix: prefix.key, MaxKeys: LIST_PAGE_KEYS, ContinuationToken: token }));
    } catch (error) {
      throw s3Fault(error, uri);
    }
    for (const object of page.Contents ?? []) {
      if (object.Key !== undefined) yield { location: { bucket: prefix.bucket, key: object.Key }, size: object.Size ?? 0 };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

async function headSize(client: S3Client, location: S3Location): Promise<number> {
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    throw s3Fault(error, s3Uri(location));
  }
}

/**
 * The bytes of one S3 object, streamed from GetObject. A body that breaks mid-stream is reopened from
 * the byte where it broke with a `Range` request, up to the retry limit.
 *
 * @throws FaultError (CannotParseExternalData) naming the object when it is missing, access is
 *   refused, or reading keeps failing.
 * @example
 * for await (const piece of s3ObjectBytes(spec, 's3://bucket/data.json')) consume(piece);
 */
export async function* s3ObjectBytes(spec: S3InputSource, uri: string): AsyncIterable<Uint8Array> {
  const location = parseS3Uri(uri);
  if (!location) throw cannotReadInput(`Cannot read [${uri}]: not an s3:// URI`);
  const client = s3Client(spec);
  let delivered = 0;
  try {
    for (let resumes = 0; ; resumes++) {
      let body: AsyncIterable<Uint8Array>;
      try {
        const range = delivered > 0 ? `bytes=${delivered}-` : undefined;
        const response = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key, Range: range }));
        body = (response.Body as AsyncIterable<Uint8Array> | undefined) ?? emptyBody();
      } catch (error) {
        throw s3Fault(error, uri);
      }
      try {
        for await (const piece of body) {
          delivered += piece.length;
          yield piece;
        }
        return;
      } catch (error) {
        if (error instanceof FaultError) throw error;
        if (resumes + 1 >= S3_MAX_ATTEMPTS) throw cannotReadInput(`Cannot read [${uri}]: connection failed after ${delivered} bytes: ${(error as Error).message}`);
      }
      await sleep(200 << resumes);
    }
  } finally {
    client.destroy();
  }
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}

/** `fn` over `items` with at most `limit` calls in flight; results in item order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
