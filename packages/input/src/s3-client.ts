import { S3Client } from '@aws-sdk/client-s3';
import type { FaultError } from '@silt/common';
import { cannotReadInput } from './input-faults.ts';
import type { S3InputSource } from './input-source-spec.ts';
import { resolvePassword } from './password-provider.ts';

/**
 * Attempts per S3 request, the first included: the SDK's standard retry strategy retries connection
 * errors, throttling and 5xx answers with exponential backoff and jitter.
 */
export const S3_MAX_ATTEMPTS = 4;

/** Region used when neither `endpointConfig.signingRegion` nor AWS_REGION / AWS_DEFAULT_REGION says one. */
const DEFAULT_REGION = 'us-east-1';

/**
 * An S3 client for an `s3` input source:
 * - `properties.accessKeyId` / `secretAccessKey` (strings or password providers) when given, otherwise
 *   the SDK's default credential chain (AWS_ACCESS_KEY_ID…, shared config, instance role), as Druid;
 * - `endpointConfig.url` overrides the endpoint (`clientConfig.protocol`, default `https`, is put in
 *   front of a URL without a scheme) and `endpointConfig.signingRegion` the region;
 * - `clientConfig.enablePathStyleAccess` selects path-style URLs (`http://host/bucket/key`), and
 *   `forceGlobalBucketAccessEnabled` follows a bucket to its region on a redirect.
 * `clientConfig.disableChunkedEncoding` only matters for uploads and is accepted without effect.
 * Call `destroy()` when done.
 *
 * @throws FaultError (CannotParseExternalData) when a password provider's environment variable is unset.
 * @example
 * const client = s3Client({ type: 's3', uris: ['s3://bucket/a.json'], endpointConfig: { url: 'localhost:9000' }, clientConfig: { protocol: 'http', enablePathStyleAccess: true } });
 */
export function s3Client(spec: S3InputSource): S3Client {
  const props = spec.properties;
  const credentials =
    props?.accessKeyId != null && props.secretAccessKey != null
      ? {
          accessKeyId: resolvePassword(props.accessKeyId, 'properties.accessKeyId'),
          secretAccessKey: resolvePassword(props.secretAccessKey, 'properties.secretAccessKey'),
        }
      : undefined;
  const url = spec.endpointConfig?.url;
  const endpoint = url ? (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `${(spec.clientConfig?.protocol ?? 'https').toLowerCase()}://${url}`) : undefined;
  return new S3Client({
    region: spec.endpointConfig?.signingRegion ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? DEFAULT_REGION,
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    forcePathStyle: spec.clientConfig?.enablePathStyleAccess ?? false,
    followRegionRedirects: spec.clientConfig?.forceGlobalBucketAccessEnabled ?? false,
    maxAttempts: S3_MAX_ATTEMPTS,
  });
}

const ACCESS_ERRORS = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'Forbidden', 'InvalidToken', 'ExpiredToken', 'AuthorizationHeaderMalformed']);

/**
 * A `CannotParseExternalData` fault for a failed S3 request about `uri` (an object, or a bucket and
 * prefix), saying plainly whether the object or bucket is missing or the credentials were refused.
 *
 * @example
 * throw s3Fault(error, 's3://bucket/missing.json'); // "S3 object [s3://bucket/missing.json] does not exist"
 */
export function s3Fault(error: unknown, uri: string): FaultError {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  if (name === 'NoSuchKey' || (name === 'NotFound' && status === 404)) return cannotReadInput(`S3 object [${uri}] does not exist`);
  if (name === 'NoSuchBucket') return cannotReadInput(`S3 bucket of [${uri}] does not exist`);
  if (ACCESS_ERRORS.has(name) || status === 403) {
    // A refused HEAD has no body, so the SDK cannot name the error: then only the status is shown.
    const why = [name === 'Unknown' ? '' : name, status ? `HTTP ${status}` : ''].filter(Boolean).join(', ');
    return cannotReadInput(`Access denied reading [${uri}] (${why}): check the S3 credentials (inputSource properties.accessKeyId and secretAccessKey) and their permissions`);
  }
  if (name === 'CredentialsProviderError') {
    return cannotReadInput(`No S3 credentials to read [${uri}]: set inputSource properties.accessKeyId and secretAccessKey, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`);
  }
  return cannotReadInput(`Cannot read [${uri}]: ${name}${status ? ` (HTTP ${status})` : ''}: ${e.message ?? String(error)}`);
}
