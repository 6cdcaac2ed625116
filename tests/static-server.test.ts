// @vitest-environment node
// The static server behaves as a good static host: files named by their content cached for good, nothing else; a page
// whose address merely contains "assets" or "api" is a page; the build's own files are not served; nothing outside its
// folder is served, through a symlink either; a file removed while it is being served is a 404, and the server goes on.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStaticServer, type StaticServer } from '../scripts/static-server';

/** The next file of these names that the server looks at (by any means) is removed right after that look. */
const vanishing = vi.hoisted(() => new Set<string>());
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const removedAfter =
    <A extends unknown[], R>(look: (file: string, ...rest: A) => Promise<R>) =>
    async (file: string, ...rest: A): Promise<R> => {
      const seen = await look(file, ...rest);
      if (vanishing.delete(String(file))) await fs.unlink(file);
      return seen;
    };
  return { ...fs, default: fs, stat: removedAfter(fs.stat), lstat: removedAfter(fs.lstat), realpath: removedAfter(fs.realpath) };
});

let dir: string;
let outside: string;
let server: StaticServer;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'news-static-'));
  // Beside the served folder: what a symlink in it may point to, never to be served.
  outside = await mkdtemp(path.join(os.tmpdir(), 'news-outside-'));
  await writeFile(path.join(outside, 'secret.txt'), 'a secret beside the site');
  await mkdir(path.join(outside, 'folder'));
  await writeFile(path.join(outside, 'folder', 'index.html'), '<p>a page beside the site');
  const files: Record<string, string> = {
    'index.html': '<p>front',
    '404.html': '<p>not found',
    'assets/index-abc.js': 'console.log(1)',
    'pagefind/2024/pagefind.js': 'export {}',
    'pagefind/2024/pagefind-entry.json': '{}',
    'pagefind/2024/pagefind.en_0123abcd.pf_meta': 'meta',
    'pagefind/2024/index/en_0a1b2c3.pf_index': 'index',
    'pagefind/2024/fragment/en_4d5e6f7.pf_fragment': 'fragment',
    'articles/assets/index.html': '<p>an article whose id is assets',
    'sections/api/index.html': '<p>a section whose id is api',
    '.build/manifest.json': '{}',
    'styled/index.html': `<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; style-src &#39;self&#39; &#39;sha256-abc=&#39;"><style>p{}</style>`,
  };
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'secret.txt'));
  await symlink(path.join(outside, 'folder'), path.join(dir, 'beside'));
  await symlink(path.join(dir, 'assets', 'index-abc.js'), path.join(dir, 'linked-inside.js'));
  server = await startStaticServer({ dir });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('the static server', () => {
  it('caches the hashed assets for good', async () => {
    const response = await fetch(`${server.origin}/assets/index-abc.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('caches the search index files that Pagefind names by their content for good, and checks its script and entry file again', async () => {
    const cacheOf = async (address: string) => (await fetch(`${server.origin}${address}`)).headers.get('cache-control');
    for (const address of [
      '/pagefind/2024/pagefind.en_0123abcd.pf_meta',
      '/pagefind/2024/index/en_0a1b2c3.pf_index',
      '/pagefind/2024/fragment/en_4d5e6f7.pf_fragment',
    ])
      expect(await cacheOf(address)).toBe('public, max-age=31536000, immutable');
    for (const address of ['/pagefind/2024/pagefind.js', '/pagefind/2024/pagefind-entry.json'])
      expect(await cacheOf(address)).toBe('no-cache');
  });

  it.each(['/articles/assets', '/sections/api'])('serves %s as a page that is checked again, not cached for a year', async (address) => {
    const response = await fetch(`${server.origin}${address}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('whose id is');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('sends a page’s own policy (the build’s, from its meta tag) as the header, with frame-ancestors added', async () => {
    const page = await fetch(`${server.origin}/styled`);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'self'; style-src 'self' 'sha256-abc='; frame-ancestors 'none'");
    // Anything else, and a page without a policy of its own, gets the policy that allows no inline style.
    for (const address of ['/assets/index-abc.js', '/']) {
      const policy = (await fetch(`${server.origin}${address}`)).headers.get('content-security-policy')!;
      expect(policy).toContain("style-src 'self'; ");
      expect(policy).toContain("frame-ancestors 'none'");
    }
  });

  it('does not serve the build’s manifest', async () => {
    const response = await fetch(`${server.origin}/.build/manifest.json`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('<p>not found');
  });

  it('serves nothing outside its folder: a symlink that points out of it is a 404', async () => {
    // A symlink that stays inside the folder is served as its file.
    const inside = await fetch(`${server.origin}/linked-inside.js`);
    expect(inside.status).toBe(200);
    expect(await inside.text()).toBe('console.log(1)');
    for (const address of ['/secret.txt', '/beside/', '/beside', '/beside/index.html']) {
      const response = await fetch(`${server.origin}${address}`);
      expect(response.status, address).toBe(404);
      expect(await response.text(), address).toBe('<p>not found');
    }
  });

  it.each([
    ['a page', 'gone/index.html', '/gone/'],
    ['a script', 'gone.js', '/gone.js'],
  ])('answers 404 for %s removed while it is being served, and goes on serving', async (_name, file, address) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), 'about to go');
    vanishing.add(path.join(dir, file));
    const response = await fetch(`${server.origin}${address}`, { signal: AbortSignal.timeout(5_000) });
    expect(vanishing.size, 'the server looked at the file').toBe(0);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('<p>not found');
    const front = await fetch(`${server.origin}/`);
    expect(await front.text()).toBe('<p>front');
  });
});
