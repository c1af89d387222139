import { invalidInput } from '@silt/common';
import { CompileCache } from './scalar-function.ts';

const cache = new CompileCache<RegExp>();

/**
 * Compiles a SQL LIKE pattern (`%` any run, `_` one character, `escape` makes the next character
 * literal) into an anchored regular expression. Throws an invalid-input error for a bad escape.
 *
 * @example likeRegExp('a%c', null).test('abbc') // true
 */
export function likeRegExp(pattern: string, escape: string | null): RegExp {
  return cache.get(`${escape ?? ''}\u0000${pattern}`, () => {
    if (escape !== null && escape.length !== 1) throw invalidInput(`Invalid escape character [${escape}]: must be a single character`);
    let source = '^';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (escape !== null && c === escape) {
        const next = pattern[++i];
        if (next === undefined) throw invalidInput(`LIKE pattern [${pattern}] ends with the escape character`);
        source += escapeRegExp(next);
      } else if (c === '%') source += '[\\s\\S]*';
      else if (c === '_') source += '[\\s\\S]';
      else source += escapeRegExp(c);
    }
    return new RegExp(`${source}$`);
  });
}

function escapeRegExp(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}
