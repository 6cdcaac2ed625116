// The data embedded in a prerendered page is checked like any response before the app takes it over.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../src/app';
import { articleQueries, rankingQueries } from '../src/api/queries';
import { hydrateQueries, readHydrationPayload } from '../src/hydration';

const pageWith = (blockText: string | null) => {
  const doc = document.implementation.createHTMLDocument('page');
  if (blockText !== null) {
    const block = doc.createElement('script');
    block.type = 'application/json';
    block.id = 'app-data';
    block.textContent = blockText;
    doc.body.append(block);
  }
  return doc;
};

afterEach(() => vi.restoreAllMocks());

describe('the embedded data block', () => {
  it('is ignored, with a message in the console, when it is missing, not JSON, or not in shape', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(readHydrationPayload(pageWith(null))).toBeNull();
    expect(readHydrationPayload(pageWith('{"queries": ['))).toBeNull();
    expect(readHydrationPayload(pageWith('{"queries": {}, "router": null}'))).toBeNull();
    expect(error).toHaveBeenCalledTimes(2);
  });

  it('takes a page from a build before dates were embedded (no dateTexts), and rejects dates not in pairs of text', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const block = { queries: [], router: { loaderData: {}, errors: null } };
    expect(readHydrationPayload(pageWith(JSON.stringify(block)))?.dateTexts).toEqual([]);
    const dated = { ...block, dateTexts: [['date|2023-01-09T02:00:00+09:00|Asia/Tokyo|en-US', 'January 9, 2023']] };
    expect(readHydrationPayload(pageWith(JSON.stringify(dated)))?.dateTexts).toEqual(dated.dateTexts);
    expect(readHydrationPayload(pageWith(JSON.stringify({ ...block, dateTexts: [['date|2023-01-09T02:00:00+09:00', 9]] })))).toBeNull();
    expect(error).toHaveBeenCalledTimes(1);
  });

  it('puts each query that passes its schema into the cache and leaves out one that does not', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const queryClient = createQueryClient({ retry: false });
    const good = { id: 'good', section: 'news', headline: 'Synthetic headline', body: ['Synthetic text.'] };
    const complete = hydrateQueries(queryClient, [
      { key: ['articles', 'good'], data: good },
      { key: ['articles', 'bad'], data: { id: 'bad', section: 'news', body: 'not a list' } },
      { key: ['ranking'], data: { title: 'Synthetic ranking', articles: [] } },
    ]);
    expect(complete).toBe(false);
    expect(queryClient.getQueryData(articleQueries.detail('good').queryKey)).toEqual(good);
    expect(queryClient.getQueryData(articleQueries.detail('bad').queryKey)).toBeUndefined();
    // A live list from the page is as old as the page's file: it is fetched again at once.
    expect(queryClient.getQueryState(rankingQueries.detail().queryKey)?.dataUpdatedAt).toBe(0);
    expect(queryClient.getQueryState(articleQueries.detail('good').queryKey)?.dataUpdatedAt).toBeGreaterThan(0);
  });
});
