import { FaultError, fault } from '@silt/common';

/**
 * A `CannotParseExternalData` fault for a problem reading external input (a missing file, an HTTP
 * error, a corrupt gzip stream). Reading stops: unlike a parse error, it is not counted per row.
 */
export function cannotReadInput(message: string): FaultError {
  return new FaultError(fault('CannotParseExternalData', { message }));
}
