import { setTimeout as sleep } from 'node:timers/promises';
import { cannotReadInput } from './input-faults.ts';
import type { HttpInputSource } from './input-source-spec.ts';
import { resolvePassword } from './password-provider.ts';

/** How many times a transient failure (connection error, HTTP 5xx or 429) is retried. */
export const HTTP_MAX_RETRIES = 3;
const BACKOFF_MS = 200;
const HEAD_TIMEOUT_MS = 10_000;

/**
 * Request headers for a URI of an http input source: `requestHeaders`, basic authentication when
 * `httpAuthenticationUsername` and `httpAuthenticationPassword` are both set, and
 * `Accept-Encoding: identity` so that a `.gz` file arrives as stored (the reader gunzips it).
 */
export function httpHeaders(spec: HttpInputSource): Record<string, string> {
  const headers: Record<string, string> = { 'accept-encoding': 'identity', ...(spec.requestHeaders ?? {}) };
  if (spec.httpAuthenticationUsername != null && spec.httpAuthenticationPassword != null) {
    const password = resolvePassword(spec.httpAuthenticationPassword, 'httpAuthenticationPassword');
    headers.authorization = `Basic ${Buffer.from(`${spec.httpAuthenticationUsername}:${password}`, 'utf8').toString('base64')}`;
  }
  return headers;
}

/**
 * The size a HEAD request reports for `uri` (Content-Length), or 0 when the server does not say or the
 * request fails. Never downloads the body.
 */
export async function httpContentLength(uri: string, headers: Record<string, string>): Promise<number> {
  try {
    const response = await fetch(uri, { method: 'HEAD', headers, signal: AbortSignal.timeout(HEAD_TIMEOUT_MS) });
    const length = Number(response.headers.get('content-length'));
    return response.ok && Number.isSafeInteger(length) && length > 0 ? length : 0;
  } catch {
    return 0;
  }
}

/**
 * GETs `uri` and returns the response once the status is 2xx, retrying connection errors, HTTP 5xx
 * and 429 up to {@link HTTP_MAX_RETRIES} times with a doubling backoff (200 ms, 400 ms, 800 ms).
 * The body is left unread for the caller to stream.
 *
 * @throws FaultError (CannotParseExternalData) naming the URI and the status (or network error)
 *   for a 4xx answer, or for a transient failure that persists after the retries.
 */
export async function httpGet(uri: string, headers: Record<string, string>): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(uri, { headers });
    } catch (error) {
      if (attempt < HTTP_MAX_RETRIES) {
        await sleep(BACKOFF_MS << attempt);
        continue;
      }
      throw cannotReadInput(`Cannot read [${uri}]: ${networkErrorMessage(error)} (after ${attempt + 1} attempts)`);
    }
    if (response.ok) return response;
    await response.body?.cancel();
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const transient = response.status >= 500 || response.status === 429;
    if (transient && attempt < HTTP_MAX_RETRIES) {
      await sleep(BACKOFF_MS << attempt);
      continue;
    }
    throw cannotReadInput(`Cannot read [${uri}]: HTTP status [${status}]${transient ? ` (after ${attempt + 1} attempts)` : ''}`);
  }
}

function networkErrorMessage(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
