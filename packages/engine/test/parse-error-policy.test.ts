import { describe, expect, it } from 'vitest';
import { QueryCounters } from '../src/exec/counters.ts';
import { ParseErrorPolicy } from '../src/exec/parse-error-policy.ts';

describe('ParseErrorPolicy limit', () => {
  it('accepts -1 (unlimited) and non-negative limits', () => {
    for (const limit of [-1, 0, 4]) expect(() => new ParseErrorPolicy('t', limit, new QueryCounters()).checkLimit()).not.toThrow();
  });

  it('fails a limit below -1 with UnknownError, as Druid fails the task when it starts', () => {
    expect(() => new ParseErrorPolicy('t', -2, new QueryCounters()).checkLimit()).toThrow(
      expect.objectContaining({
        fault: expect.objectContaining({ errorCode: 'UnknownError', errorMessage: 'Invalid limit of -2 supplied for warnings of type CannotParseExternalData. Limit can be greater than or equal to -1.' }),
      }),
    );
  });
});
