// Renders the real app (real routes, loaders and query factories) at an address, with fetch answered
// from the API that the real pipeline builds from an archive folder (the bundled data/ by default).
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import path from 'node:path';
import { createMemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { App, createQueryClient, createRoutes } from '../src/app';
import { apiFilesFetch, buildApiFromDir, type ApiFiles } from '../src/pipeline/archive';

const sampleApi = buildApiFromDir(path.resolve('data'));

export type FetchOverride = (file: string) => Response | Promise<Response> | undefined;

/** Serves API files as a static host would, and records each file asked for. */
export function stubFetch(files: ApiFiles, override?: FetchOverride) {
  const requested: string[] = [];
  const serve = apiFilesFetch(files);
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost/');
    const file = decodeURIComponent(url.pathname.replace(/^\/api\//, ''));
    requested.push(file);
    return (await override?.(file)) ?? serve(input);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { requested, fetchMock };
}

export async function renderApp(address: string, options: { files?: ApiFiles; override?: FetchOverride } = {}) {
  const files = options.files ?? (await sampleApi);
  const network = stubFetch(files, options.override);
  const queryClient = createQueryClient({ retry: false });
  const router = createMemoryRouter(createRoutes(queryClient), { initialEntries: [address] });
  const user = userEvent.setup();
  const view = render(<App queryClient={queryClient} router={router} />);
  return { ...view, router, user, queryClient, ...network };
}

export { SEED_ID } from './fixtures/seed';
