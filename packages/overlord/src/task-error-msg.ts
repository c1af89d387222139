import type { Fault } from '@silt/common';

/** A task's `errorMsg` for the fault that failed it: `<errorCode>: <errorMessage>`. */
export const errorMsgOf = (f: Fault): string => `${f.errorCode}: ${f.errorMessage}`;

/**
 * A native task's `errorMsg`. Native tasks have no fault codes: parse exceptions past
 * maxParseExceptions read `Max parse exceptions[N] exceeded`, and other errors show their message.
 */
export function nativeErrorMsg(f: Fault): string {
  if (f.errorCode === 'TooManyWarnings' && f.rootErrorCode === 'CannotParseExternalData') return `Max parse exceptions[${String(f.maxWarnings)}] exceeded`;
  return f.errorCode === 'UnknownError' ? f.errorMessage : errorMsgOf(f);
}
