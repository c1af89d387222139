import { FaultError, fault } from '@silt/common';

/**
 * Iterates `source` until `signal` aborts, then throws the Canceled fault at once, even while the
 * source is waiting for data (a stalled HTTP body, say). The source is closed when its pending read
 * settles, so nothing reads on after a cancel.
 */
export async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new FaultError(fault('Canceled')));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  let pending: Promise<IteratorResult<T>> | null = null;
  try {
    for (;;) {
      pending = it.next();
      const next = await Promise.race([pending, aborted]);
      pending = null;
      if (next.done) return;
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (pending) void pending.then(() => it.return?.(), () => undefined);
    else await it.return?.();
  }
}
