/**
 * Matches file names against a wildcard filter the way Druid's local input source does (Apache
 * commons-io `WildcardFileFilter`): `*` matches any run of characters, `?` exactly one, everything
 * else literally; case-sensitive; the whole name must match. The filter applies to the file name
 * only, never to the directories above it.
 *
 * @example
 * wildcardMatcher('*.json.gz')('wikiticker.json.gz'); // true
 */
export function wildcardMatcher(filter: string): (fileName: string) => boolean {
  let source = '^';
  for (const ch of filter) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  const regex = new RegExp(`${source}$`, 'su');
  return (fileName) => regex.test(fileName);
}
