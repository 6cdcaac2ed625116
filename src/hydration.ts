// The data a prerendered page carries for the browser to take over without fetching again: the query
// cache and the router's loader results. It travels as a JSON data block, which the page's
// Content-Security-Policy allows because it is never run as script.
import type { DehydratedState } from '@tanstack/react-query';
import { isRouteErrorResponse } from 'react-router';
import * as z from 'zod/mini';

export const HYDRATION_ELEMENT_ID = 'app-data';

const routeErrorSchema = z.object({
  status: z.number(),
  statusText: z.string(),
  internal: z.boolean(),
  data: z.unknown(),
});

const hydrationPayloadSchema = z.object({
  queries: z.object({ queries: z.array(z.unknown()), mutations: z.array(z.unknown()) }),
  router: z.object({
    loaderData: z.record(z.string(), z.unknown()),
    // Only "not found" responses are prerendered as errors.
    errors: z.nullable(z.record(z.string(), routeErrorSchema)),
  }),
});

export type HydrationPayload = z.infer<typeof hydrationPayloadSchema>;

export function routeErrorsToJson(errors: Record<string, unknown> | null): HydrationPayload['router']['errors'] {
  if (!errors) return null;
  return Object.fromEntries(
    Object.entries(errors).map(([routeId, error]) => {
      if (!isRouteErrorResponse(error)) throw new Error(`cannot prerender route ${routeId}: ${String(error)}`);
      return [routeId, { status: error.status, statusText: error.statusText, internal: false, data: error.data }];
    }),
  );
}

/** JSON that is safe inside a script element: no "<" can close it early. */
export function serializePayload(payload: HydrationPayload): string {
  return JSON.stringify(payload).replace(/</g, '\\u003c');
}

export function readHydrationPayload(doc: Document): { queries: DehydratedState; router: HydrationPayload['router'] } | null {
  const text = doc.getElementById(HYDRATION_ELEMENT_ID)?.textContent;
  if (!text) return null;
  const result = hydrationPayloadSchema.safeParse(JSON.parse(text));
  if (!result.success) {
    console.error('Ignoring the page’s embedded data: it is not in the expected shape.', result.error);
    return null;
  }
  // Each dehydrated query is checked again by its own schema when the page reads it.
  return { queries: result.data.queries as DehydratedState, router: result.data.router };
}
