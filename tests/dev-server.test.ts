// @vitest-environment node
// The dev server's archive watcher: rebuilds one at a time, the newest change last, and only for files
// inside the archive folder.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside, oneAtATime } from '../src/pipeline/vite-plugin';

describe('rebuilds after changes', () => {
  it('never overlap, and a change during a rebuild is taken up by one more after it', async () => {
    let version = 0;
    let running = 0;
    let most = 0;
    const results: number[] = [];
    const rebuild = oneAtATime(async () => {
      const seen = version;
      running++;
      most = Math.max(most, running);
      // An older rebuild that takes longer than a newer one must not finish last.
      await new Promise((resolve) => setTimeout(resolve, seen === 1 ? 30 : 5));
      results.push(seen);
      running--;
    });
    version = 1;
    const first = rebuild();
    version = 2;
    const second = rebuild();
    version = 3;
    const third = rebuild();
    await Promise.all([first, second, third]);
    expect(most).toBe(1);
    expect(results).toEqual([1, 3]);
  });
});

describe('the watch filter', () => {
  it('takes files inside the archive folder, not a sibling folder that starts with its name', () => {
    const data = path.resolve('data');
    expect(isInside(data, path.join(data, 'articles', 'a.json'))).toBe(true);
    expect(isInside(data, path.resolve('data-x', 'ranking.json'))).toBe(false);
    expect(isInside(data, data)).toBe(false);
  });
});
