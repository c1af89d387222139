/**
 * The error thrown when the kernels' linear memory cannot grow to fit a batch.
 */

/**
 * Linear memory could not grow to `requiredBytes`. Carries Druid's `NotEnoughMemory` fault in
 * `fault`, the shape `toFault` of `@silt/common` recognises, so a worker reports it with that code.
 */
export class KernelMemoryError extends Error {
  /** Bytes of scratch memory the batch needed. */
  readonly requiredBytes: number;
  /** Druid's fault for this error (`errorCode: 'NotEnoughMemory'`). */
  readonly fault: { readonly errorCode: 'NotEnoughMemory'; readonly errorMessage: string; readonly serverMemory: number };

  constructor(requiredBytes: number) {
    const errorMessage = `Not enough memory. Required at least ${requiredBytes} bytes.`;
    super(`${errorMessage} (WebAssembly kernel scratch memory could not grow that far)`);
    this.name = 'KernelMemoryError';
    this.requiredBytes = requiredBytes;
    this.fault = Object.freeze({ errorCode: 'NotEnoughMemory', errorMessage, serverMemory: requiredBytes });
  }
}
