import { describe, expect, it } from 'vitest';
import { unexpectedToken } from '../src/unexpected-token.ts';

describe('unexpectedToken', () => {
  it('shows FROM, AS and comparison operators with the failing token, at their position', () => {
    expect(unexpectedToken('select a from ', 14)).toEqual({ token: 'from <EOF>', line: 1, column: 10 });
    expect(unexpectedToken("SELECT *\nFROM wikipedia\nWHERE channel == '#ar'", 39)).toEqual({ token: '= =', line: 3, column: 15 });
    expect(unexpectedToken('SELECT added as count FROM foo', 16)).toEqual({ token: 'as count', line: 1, column: 14 });
    expect(unexpectedToken('SELECT a FROM t WHERE x <= )', 27)).toEqual({ token: '<= )', line: 1, column: 25 });
  });

  it('shows the failing token alone elsewhere', () => {
    expect(unexpectedToken('SELECT page\nFROM wikipedia\nWHERE', 32)).toEqual({ token: '<EOF>', line: 3, column: 6 });
    expect(unexpectedToken('SELECT x FROM t AS t(brand VARCHAR)', 27)).toEqual({ token: 'VARCHAR', line: 1, column: 28 });
    expect(unexpectedToken('SELECT a FROM t  ORDER x', 22)).toEqual({ token: 'x', line: 1, column: 24 });
  });

  it('does not take a word ending in "as" or "from" for the keyword', () => {
    expect(unexpectedToken('SELECT alias )', 13)).toEqual({ token: ')', line: 1, column: 14 });
    expect(unexpectedToken('SELECT "from" )', 14)).toEqual({ token: ')', line: 1, column: 15 });
  });
});
