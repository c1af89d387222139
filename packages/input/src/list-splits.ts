import { type DruidSegmentResolver, listDruidSplits } from './druid-input-source.ts';
import { httpContentLength, httpHeaders } from './http-client.ts';
import { type InputSourceSpec, resolveInputSource } from './input-source-spec.ts';
import { INLINE_SOURCE, type InputSplit } from './input-split.ts';
import { listLocalFiles } from './local-files.ts';
import { listS3Objects } from './s3-objects.ts';
import { s3Uri } from './s3-location.ts';
import { listSqlSplits } from './sql-input.ts';

/** What `listSplits` needs from its caller for some input sources. */
export interface ListSplitsContext {
  /** The segment timeline, for `druid` input sources (and `combining` ones that hold one). */
  readonly druidSegments?: DruidSegmentResolver;
}

/**
 * Enumerates the splits of an input source. Runs on the controller; reads no data.
 * - `local`: one per file, sorted by path, empty files skipped;
 * - `http`: one per URI, in the given order, sized by a HEAD request;
 * - `inline`: one;
 * - `s3`: one per object (see `listS3Objects`), source `s3://bucket/key`;
 * - `sql`: one per query (see `listSqlSplits`);
 * - `druid`: one per segment, from `context.druidSegments` (see `listDruidSplits`, `isDruidSplit`);
 * - `combining`: the splits of every delegate, in order; each split carries its delegate's spec.
 * Every split's `inputSource` is the spec its reader needs, so splits of one `combining` source may
 * differ in type.
 *
 * @throws DruidError (invalidInput) for an invalid spec or a druid source without a resolver;
 *   FaultError (CannotParseExternalData) for a missing local file or directory, S3 object or bucket,
 *   or refused S3 credentials.
 * @example
 * const splits = await listSplits({ type: 'local', files: ['/data/wikiticker-2015-09-12-sampled.json.gz'] });
 * // [{ source: '/data/wikiticker-2015-09-12-sampled.json.gz', size: 2366222, inputSource: {…} }]
 */
export async function listSplits(inputSource: Readonly<Record<string, unknown>>, context: ListSplitsContext = {}): Promise<InputSplit[]> {
  return splitsOf(resolveInputSource(inputSource), inputSource, context);
}

async function splitsOf(spec: InputSourceSpec, inputSource: Readonly<Record<string, unknown>>, context: ListSplitsContext): Promise<InputSplit[]> {
  switch (spec.type) {
    case 'inline':
      return [{ source: INLINE_SOURCE, size: Buffer.byteLength(spec.data, 'utf8'), inputSource }];
    case 'local':
      return (await listLocalFiles(spec)).map((f) => ({ source: f.path, size: f.size, inputSource }));
    case 'http': {
      const headers = httpHeaders(spec);
      const sizes = await Promise.all(spec.uris.map((uri) => httpContentLength(uri, headers)));
      return spec.uris.map((uri, i) => ({ source: uri, size: sizes[i]!, inputSource }));
    }
    case 's3':
      return (await listS3Objects(spec)).map((o) => ({ source: s3Uri(o.location), size: o.size, inputSource }));
    case 'sql':
      return listSqlSplits(spec, inputSource);
    case 'druid':
      return listDruidSplits(spec, inputSource, context.druidSegments);
    case 'combining': {
      const raw = inputSource.delegates as readonly Readonly<Record<string, unknown>>[];
      const splits: InputSplit[] = [];
      for (let i = 0; i < spec.delegates.length; i++) splits.push(...(await splitsOf(spec.delegates[i]!, raw[i]!, context)));
      return splits;
    }
  }
}
