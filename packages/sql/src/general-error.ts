import { DruidError } from '@silt/common';

/**
 * An invalid-input error (HTTP 400) with errorCode `general`: Druid raises some planning errors as a
 * bare user-facing invalid-input exception rather than InvalidSqlInput (errorCode `invalidInput`),
 * e.g. lock types that do not suit the statement and UNION ALL inputs it cannot plan.
 */
export function generalInvalidInput(message: string): DruidError {
  return new DruidError('INVALID_INPUT', 'general', message);
}
