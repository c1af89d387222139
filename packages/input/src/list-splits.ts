import { httpContentLength, httpHeaders } from './http-client.ts';
import { resolveInputSource } from './input-source-spec.ts';
import { listLocalFiles } from './local-files.ts';
import { INLINE_SOURCE, type InputSplit } from './input-split.ts';

/**
 * Enumerates the splits of an input source: one per file for `local` (sorted by path, empty files
 * skipped), one per URI for `http` (in the given order, sized by a HEAD request), one for `inline`.
 * Runs on the controller; reads no data.
 *
 * @throws DruidError (invalidInput) for an invalid spec; FaultError (CannotParseExternalData) for a
 *   missing local file or directory.
 * @example
 * const splits = await listSplits({ type: 'local', files: ['/data/wikiticker-2015-09-12-sampled.json.gz'] });
 * // [{ source: '/data/wikiticker-2015-09-12-sampled.json.gz', size: 2366222, inputSource: {…} }]
 */
export async function listSplits(inputSource: Readonly<Record<string, unknown>>): Promise<InputSplit[]> {
  const spec = resolveInputSource(inputSource);
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
  }
}
