import { invalidInput } from '@silt/common';

/**
 * Matches object paths against an `objectGlob`, with the glob syntax of Java's
 * `FileSystem.getPathMatcher("glob:…")` that Druid uses:
 * - `*` matches any run of characters within one path segment (never `/`);
 * - `**` matches any run of characters across segments;
 * - `?` matches exactly one character other than `/`;
 * - `[abc]`, `[a-z]`, `[!a-z]` match one character of (or not of) a set, never `/`;
 * - `{json,csv}` matches any one of the comma-separated alternatives (no nesting);
 * - `\` makes the next character literal.
 * The whole path must match: for `s3://bucket/dir/file.json` the path is `dir/file.json`, so
 * `*.json` does not match it and `**.json` does.
 *
 * @throws DruidError (invalidInput) for a malformed glob (unclosed `[` or `{`, nested `{`).
 * @example
 * globMatcher('**.json')('dir/file.json'); // true
 * globMatcher('*.json')('dir/file.json'); // false
 */
export function globMatcher(glob: string): (path: string) => boolean {
  const regex = new RegExp(`^${globToRegex(glob)}$`, 'su');
  return (path) => regex.test(path);
}

function globToRegex(glob: string): string {
  let out = '';
  let inGroup = false;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    switch (ch) {
      case '\\': {
        const next = glob[++i];
        if (next === undefined) throw invalidInput(`Invalid objectGlob [${glob}]: it ends with an escape character`);
        out += escapeRegex(next);
        break;
      }
      case '*':
        if (glob[i + 1] === '*') {
          out += '.*';
          i++;
        } else {
          out += '[^/]*';
        }
        break;
      case '?':
        out += '[^/]';
        break;
      case '[': {
        const close = glob.indexOf(']', i + 2);
        if (close < 0) throw invalidInput(`Invalid objectGlob [${glob}]: missing ']'`);
        let body = glob.slice(i + 1, close);
        const negate = body.startsWith('!');
        if (negate) body = body.slice(1);
        const set = [...body].map((c) => (c === '-' ? '-' : escapeClass(c))).join('');
        out += negate ? `(?![/])[^${set}]` : `(?![/])[${set}]`;
        i = close;
        break;
      }
      case '{':
        if (inGroup) throw invalidInput(`Invalid objectGlob [${glob}]: '{' groups cannot be nested`);
        inGroup = true;
        out += '(?:';
        break;
      case '}':
        if (inGroup) {
          inGroup = false;
          out += ')';
        } else {
          out += '\\}';
        }
        break;
      case ',':
        out += inGroup ? '|' : ',';
        break;
      default:
        out += escapeRegex(ch);
    }
  }
  if (inGroup) throw invalidInput(`Invalid objectGlob [${glob}]: missing '}'`);
  return out;
}

function escapeRegex(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClass(ch: string): string {
  return ch.replace(/[\\\]^[]/g, '\\$&');
}
