import type { Fault } from '@silt/common';

/** A task's `errorMsg` for the fault that failed it: `<errorCode>: <errorMessage>`. */
export const errorMsgOf = (f: Fault): string => `${f.errorCode}: ${f.errorMessage}`;

/** A native task's `errorMsg`: Druid's own wording when parse exceptions exceed maxParseExceptions. */
export function nativeErrorMsg(f: Fault): string {
  if (f.errorCode === 'TooManyWarnings' && f.rootErrorCode === 'CannotParseExternalData') return `Max parse exceptions[${String(f.maxWarnings)}] exceeded`;
  return errorMsgOf(f);
}
