// @vitest-environment node
// The static server behaves as a good static host: hashed assets cached for good, nothing else; a page
// whose address merely contains "assets" or "api" is a page; the build's own files are not served.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../scripts/static-server';

let dir: string;
let server: StaticServer;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'news-static-'));
  const files: Record<string, string> = {
    'index.html': '<p>front',
    '404.html': '<p>not found',
    'assets/index-abc.js': 'console.log(1)',
    'articles/assets/index.html': '<p>an article whose id is assets',
    'sections/api/index.html': '<p>a section whose id is api',
    '.build/manifest.json': '{}',
  };
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  server = await startStaticServer({ dir });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the static server', () => {
  it('caches the hashed assets for good', async () => {
    const response = await fetch(`${server.origin}/assets/index-abc.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/articles/assets', '/sections/api'])('serves %s as a page that is checked again, not cached for a year', async (address) => {
    const response = await fetch(`${server.origin}${address}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('whose id is');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('does not serve the build’s manifest', async () => {
    const response = await fetch(`${server.origin}/.build/manifest.json`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('<p>not found');
  });
});
