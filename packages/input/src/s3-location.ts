/** An S3 object (or key prefix) location. */
export interface S3Location {
  readonly bucket: string;
  /** Object key (or key prefix), without a leading `/`. */
  readonly key: string;
}

/**
 * Parses `s3://bucket/key` as Druid's `CloudObjectLocation` does: the bucket is the URI authority and
 * the key is the URI path, percent-decoded, without its leading `/`. Null when the URI is not an
 * `s3://` URI with a bucket.
 *
 * @example
 * parseS3Uri('s3://foo/bar/file%201.json'); // { bucket: 'foo', key: 'bar/file 1.json' }
 */
export function parseS3Uri(uri: string): S3Location | null {
  const match = /^s3:\/\/([^/?#]+)(\/[^?#]*)?$/i.exec(uri);
  if (!match) return null;
  try {
    return { bucket: match[1]!, key: decodeURIComponent((match[2] ?? '').replace(/^\//, '')) };
  } catch {
    return null;
  }
}

/**
 * The `s3://bucket/key` URI of a location: the split source of an S3 object. A `%` in the key is
 * written `%25`, so that {@link parseS3Uri} gives the key back unchanged.
 *
 * @example
 * s3Uri({ bucket: 'foo', key: 'bar/file.json' }); // 's3://foo/bar/file.json'
 */
export function s3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key.replace(/%/g, '%25')}`;
}
