// Every response enters the app here as unknown and leaves parsed against its schema, or as an ApiError.
import type { z } from 'zod';

export type ApiErrorKind = 'not-found' | 'http' | 'network' | 'invalid-data';

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

export async function fetchJson<T>(url: string, schema: z.ZodType<T>, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('network', url, `Could not reach the server for ${url}`);
  }
  if (response.status === 404) throw new ApiError('not-found', url, `${url} was not found`, 404);
  if (!response.ok) throw new ApiError('http', url, `${url} answered ${response.status}`, response.status);

  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // A static host often answers a missing file with its HTML index page and status 200.
    throw new ApiError('invalid-data', url, `${url} did not return JSON`);
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new ApiError('invalid-data', url, `${url} returned data in an unexpected shape (${first?.path.join('.') || 'root'}: ${first?.message})`);
  }
  return result.data;
}
