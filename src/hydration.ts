// The data a prerendered page carries for the browser to take over without fetching again: the data of
// each query the page used, and the router's loader results. It travels as a JSON data block, which the
// page's Content-Security-Policy allows because it is never run as script. It holds no clock, so that
// the same archive always builds the same bytes. The browser checks it like any response: each query
// against its own schema; what fails the check is left out and fetched.
import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { isRouteErrorResponse } from 'react-router';
import * as v from 'valibot';
import { isLiveQueryKey, resourceOfKey } from './api/resources';
import { jsonForScript, PAGE_DATA_ELEMENT_ID } from './lib/page-data';

const routeErrorSchema = v.object({
  status: v.number(),
  statusText: v.string(),
  internal: v.boolean(),
  data: v.unknown(),
});

const hydrationPayloadSchema = v.object({
  queries: v.array(v.object({ key: v.array(v.union([v.string(), v.number()])), data: v.unknown() })),
  router: v.object({
    loaderData: v.record(v.string(), v.unknown()),
    // Only "not found" responses are prerendered as errors.
    errors: v.nullable(v.record(v.string(), routeErrorSchema)),
  }),
  // The dates as the page shows them (lib/dates.ts): taking the page over then makes no date format, the
  // first of which costs tens of milliseconds. Optional: a page from an older build has none.
  dateTexts: v.optional(v.array(v.tuple([v.string(), v.string()])), []),
});

export type HydrationPayload = v.InferOutput<typeof hydrationPayloadSchema>;

export function routeErrorsToJson(errors: Record<string, unknown> | null): HydrationPayload['router']['errors'] {
  if (!errors) return null;
  return Object.fromEntries(
    Object.entries(errors).map(([routeId, error]) => {
      if (!isRouteErrorResponse(error)) throw new Error(`cannot prerender route ${routeId}: ${String(error)}`);
      return [routeId, { status: error.status, statusText: error.statusText, internal: false, data: error.data }];
    }),
  );
}

/** The data of every query that succeeded, in a stable order. */
export function embeddedQueries(queryClient: QueryClient): HydrationPayload['queries'] {
  return queryClient
    .getQueryCache()
    .getAll()
    .filter((query) => query.state.status === 'success')
    .sort((a, b) => (a.queryHash < b.queryHash ? -1 : a.queryHash > b.queryHash ? 1 : 0))
    .map((query) => ({ key: query.queryKey as (string | number)[], data: query.state.data }));
}

export function serializePayload(payload: HydrationPayload): string {
  return jsonForScript(payload);
}

/** The page's embedded data, or null when it is missing or not in the expected shape. */
export function readHydrationPayload(doc: Document): HydrationPayload | null {
  const text = doc.getElementById(PAGE_DATA_ELEMENT_ID)?.textContent;
  if (!text) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    console.error('Ignoring the page’s embedded data: it is not JSON.', error);
    return null;
  }
  const result = v.safeParse(hydrationPayloadSchema, json);
  if (!result.success) {
    console.error('Ignoring the page’s embedded data: it is not in the expected shape.', result.issues);
    return null;
  }
  return result.output;
}

/**
 * Puts each embedded query that passes its schema into the cache. Live lists are marked as old, so that
 * they are fetched again at once (the page's file may be older than the latest ranking). Returns false
 * if any query was left out, in which case the page should not be hydrated from this data.
 */
export function hydrateQueries(queryClient: QueryClient, queries: HydrationPayload['queries']): boolean {
  let complete = true;
  for (const { key, data } of queries) {
    const schema = resourceOfKey(key)?.schema;
    const parsed = schema ? v.safeParse(schema, data) : undefined;
    if (!parsed?.success) {
      console.error(`Ignoring the page’s embedded data for ${JSON.stringify(key)}: it is not in the expected shape.`);
      complete = false;
      continue;
    }
    queryClient.setQueryData(key, parsed.output, { updatedAt: isLiveQueryKey(key) ? 0 : Date.now() });
  }
  return complete;
}

const noSubscription = () => () => undefined;

/**
 * False while a prerendered page is being taken over (and on the server), true from then on: for what
 * the page can show only with JavaScript, which must match the prerendered markup until then.
 */
export function useTakenOver(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
