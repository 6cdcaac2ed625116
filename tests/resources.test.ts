// The registry of the API's resources: every file the build writes into the API folder is one of them,
// and each resource's files are known as its own (what the service worker's rules go by).
import { describe, expect, it } from 'vitest';
import { apiResources, isLiveQueryKey, resourceOfFile, resourceOfKey } from '../src/api/resources';
import { buildApiFromDir } from '../src/pipeline/archive';
import { apiFiles } from '../src/lib/site-layout';

describe('the API resources', () => {
  it('own every file the build writes into the API folder, each by its path', async () => {
    const files = [...(await buildApiFromDir('data')).keys(), apiFiles.search()];
    const unowned = files.filter((file) => resourceOfFile(file) === undefined);
    expect(unowned).toEqual([]);
    expect(resourceOfFile(apiFiles.article('some-article'))).toBe(apiResources.article);
    expect(resourceOfFile(apiFiles.section('world', '2023-01'))).toBe(apiResources.section);
    expect(resourceOfFile(apiFiles.popular('world'))).toBe(apiResources.popular);
    expect(resourceOfFile(apiFiles.ranking())).toBe(apiResources.ranking);
  });

  it('know no file outside their paths', () => {
    for (const file of [
      'articles/a/b.json',
      'articles/.json',
      'ranking.json.bak',
      'popular/world.xml',
      'sections/world.json',
      'other.json',
    ]) {
      expect(resourceOfFile(file), file).toBeUndefined();
    }
  });

  it('say which lists are live, and which schema checks the data under a query key', () => {
    expect(['popular', 'ranking'].filter((key) => isLiveQueryKey([key]))).toEqual(['popular', 'ranking']);
    expect(isLiveQueryKey(['articles', 'x'])).toBe(false);
    expect(resourceOfKey(['sections', 'world', 'latest'])?.schema).toBe(apiResources.section.schema);
    expect(resourceOfKey(['unknown'])).toBeUndefined();
  });
});
