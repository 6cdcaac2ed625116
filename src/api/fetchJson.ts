// Every response enters the app here as unknown and leaves parsed against its schema, or as an ApiError.
import * as v from 'valibot';

export type ApiErrorKind = 'not-found' | 'http' | 'network' | 'timeout' | 'invalid-data';

/** A request with no complete answer by then is given up, so that a page never waits forever. */
export const REQUEST_TIMEOUT_MS = 10_000;

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly url: string;
  readonly status?: number;
  constructor(kind: ApiErrorKind, url: string, message: string, status?: number) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.url = url;
    this.status = status;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.kind === 'not-found';
}

/** Failures that may pass by themselves: a dropped connection, a server error. Not a missing file,
 * bad data (asking again gives the same), or a timeout (the reader has already waited). */
export function isWorthRetrying(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return error.kind === 'network' || (error.kind === 'http' && (error.status ?? 0) >= 500);
}

export async function fetchJson<T>(url: string, schema: v.GenericSchema<unknown, T>, signal?: AbortSignal): Promise<T> {
  // One controller for both the caller's signal and the timeout (AbortSignal.any is too new for the
  // browsers we support); the timeout covers the body as well as the headers.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, REQUEST_TIMEOUT_MS);
  const cancel = () => controller.abort(signal?.reason);
  if (signal?.aborted) cancel();
  signal?.addEventListener('abort', cancel);
  // A cancelled request (the reader moved on) is passed through as it is; TanStack Query expects that.
  const failure = (error: unknown, otherwise: ApiError) => {
    if (signal?.aborted) return error;
    if (timedOut) return new ApiError('timeout', url, `${url} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
    return otherwise;
  };

  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal, headers: { Accept: 'application/json' } });
    } catch (error) {
      throw failure(error, new ApiError('network', url, `Could not reach the server for ${url}`));
    }
    // 410 is a file taken down for good: as missing to the reader.
    if (response.status === 404 || response.status === 410) throw new ApiError('not-found', url, `${url} was not found`, response.status);
    if (!response.ok) throw new ApiError('http', url, `${url} answered ${response.status}`, response.status);

    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      // A static host often answers a missing file with its HTML index page and status 200.
      throw failure(error, new ApiError('invalid-data', url, `${url} did not return JSON`));
    }
    const result = v.safeParse(schema, body);
    if (!result.success) {
      const first = result.issues[0];
      throw new ApiError(
        'invalid-data',
        url,
        `${url} returned data in an unexpected shape (${v.getDotPath(first) ?? 'root'}: ${first.message})`,
      );
    }
    return result.output;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}
