import { DruidError } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { resolveInputSource, validateInputSource } from '../src/index.ts';

function messageOf(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DruidError);
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

const database = { type: 'postgresql', connectorConfig: { connectURI: 'jdbc:postgresql://db.example:5433/metrics', user: 'u', password: 'p' } };

describe('s3 input source spec', () => {
  it('accepts Druid shapes: uris, prefixes, objects, properties with password providers, endpoint and client config', () => {
    validateInputSource({ type: 's3', uris: ['s3://foo/bar/file.json'], objectGlob: '**.json' });
    validateInputSource({ type: 's3', prefixes: ['s3://foo/bar/', 's3://bar'] });
    validateInputSource({
      type: 's3',
      objects: [{ bucket: 'foo', path: 'bar/file1.json' }],
      properties: { accessKeyId: { type: 'default', password: 'a' }, secretAccessKey: { type: 'environment', variable: 'S' } },
      endpointConfig: { url: 's3-store.example.com', signingRegion: 'us-west-2' },
      clientConfig: { protocol: 'http', disableChunkedEncoding: true, enablePathStyleAccess: true, forceGlobalBucketAccessEnabled: false },
    });
  });

  it('names the field and the problem', () => {
    expect(messageOf(() => validateInputSource({ type: 's3' }))).toBe('Invalid inputSource: Exactly one of uris, prefixes or objects must be specified');
    expect(messageOf(() => validateInputSource({ type: 's3', uris: ['s3://a/b'], prefixes: ['s3://a/'] }))).toBe(
      'Invalid inputSource: Exactly one of uris, prefixes or objects must be specified',
    );
    expect(messageOf(() => validateInputSource({ type: 's3', uris: ['gs://a/b'] }))).toBe(
      'Invalid inputSource: field [uris.0]: must be an s3:// URI with a bucket, e.g. [s3://bucket/path/file.json]',
    );
    expect(messageOf(() => validateInputSource({ type: 's3', objects: [{ bucket: 'a' }] }))).toBe('Invalid inputSource: field [objects.0.path]: is required');
    expect(messageOf(() => validateInputSource({ type: 's3', uris: ['s3://a/b'], properties: { accessKeyId: 'k' } }))).toBe(
      'Invalid inputSource: field [properties.secretAccessKey]: is required when the other S3 key is given',
    );
    expect(messageOf(() => validateInputSource({ type: 's3', uris: ['s3://a/b'], properties: { assumeRoleArn: 'arn:aws:iam::1:role/r' } }))).toMatch(
      /^Invalid inputSource: field \[properties\.assumeRoleArn\]: is not supported by Silt/,
    );
    expect(messageOf(() => validateInputSource({ type: 's3', uris: ['s3://a/b'], clientConfig: { protocol: 'ftp' } }))).toBe(
      'Invalid inputSource: field [clientConfig.protocol]: must be [http] or [https]',
    );
    expect(messageOf(() => validateInputSource({ type: 's3', uris: ['s3://a/b'], proxyConfig: { host: 'p' } }))).toMatch(/field \[proxyConfig\]: is not supported/);
  });
});

describe('sql input source spec', () => {
  it('accepts Druid shapes for postgresql and mysql (and MariaDB URIs)', () => {
    validateInputSource({ type: 'sql', database, sqls: ['SELECT 1'], foldCase: true });
    validateInputSource({
      type: 'sql',
      database: { type: 'mysql', connectorConfig: { connectURI: 'jdbc:mariadb://[::1]/x?useSSL=true', user: 'u', password: { type: 'environment', variable: 'P' } } },
      sqls: ['SELECT 1'],
    });
  });

  it('names the field and the problem', () => {
    expect(messageOf(() => validateInputSource({ type: 'sql', database, sqls: [] }))).toBe('Invalid inputSource: field [sqls]: List of SQLs cannot be empty');
    expect(messageOf(() => validateInputSource({ type: 'sql', database, sqls: ['  '] }))).toBe('Invalid inputSource: field [sqls.0]: must not be blank');
    expect(messageOf(() => validateInputSource({ type: 'sql', database: { ...database, type: 'oracle' }, sqls: ['x'] }))).toMatch(/^Invalid inputSource: field \[database\.type\]: /);
    expect(
      messageOf(() => validateInputSource({ type: 'sql', database: { type: 'postgresql', connectorConfig: { connectURI: 'jdbc:mysql://h/x' } }, sqls: ['x'] })),
    ).toBe('Invalid inputSource: field [database.connectorConfig.connectURI]: must start with [jdbc:postgresql://] for database type [postgresql]');
    expect(
      messageOf(() => validateInputSource({ type: 'sql', database: { type: 'mysql', connectorConfig: { connectURI: 'mysql://h/x' } }, sqls: ['x'] })),
    ).toBe('Invalid inputSource: field [database.connectorConfig.connectURI]: must look like [jdbc:mysql://host:port/database]');
  });
});

describe('druid and combining input source specs', () => {
  it('accept Druid shapes', () => {
    validateInputSource({ type: 'druid', dataSource: 'wiki', interval: '2016-06-27/P1D', filter: { type: 'selector', dimension: 'a', value: 'b' } });
    const combining = { type: 'combining', delegates: [{ type: 'local', files: ['/x'] }, { type: 'druid', dataSource: 'w', interval: '2016/2017' }] };
    expect(resolveInputSource(combining)).toEqual(combining);
  });

  it('name the field and the problem, inside delegates too', () => {
    expect(messageOf(() => validateInputSource({ type: 'druid', dataSource: 'w', interval: 'yesterday' }))).toBe(
      'Invalid inputSource: field [interval]: must be an ISO-8601 interval, e.g. [2016-06-27/P1D]',
    );
    expect(messageOf(() => validateInputSource({ type: 'druid', interval: '2016/2017' }))).toBe('Invalid inputSource: field [dataSource]: is required');
    expect(messageOf(() => validateInputSource({ type: 'combining', delegates: [] }))).toBe(
      'Invalid inputSource: field [delegates]: Must specify at least one delegate inputSource',
    );
    expect(messageOf(() => validateInputSource({ type: 'combining', delegates: [{ type: 'local', files: ['/x'] }, { type: 'http', uris: ['ftp://x'] }] }))).toBe(
      'Invalid inputSource: field [delegates.1.uris.0]: must be an absolute URI; only [http, https] protocols are allowed',
    );
    expect(messageOf(() => validateInputSource({ type: 'combining', delegates: [{ type: 'inline', data: 'x' }] }))).toBe(
      'Invalid inputSource: field [delegates.0.type]: unknown or unsplittable type [inline]; a delegate must be one of [local, http, s3, sql, druid, combining]',
    );
  });
});
