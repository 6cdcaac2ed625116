// Installable and offline, in Chromium with the service worker allowed: what the worker keeps on the
// device (the app shell only, within 300 KB), pages already read opening offline, the offline page for
// the rest, saved articles opening offline after the browser is restarted, the web app manifest and its
// icons, and the update prompt after a deploy (a copy of the build served by its own server, whose
// service worker then changes).
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium.ts';
import { startStaticServer } from '../../scripts/static-server.ts';
import { pageFile } from '../../src/lib/site-layout';
import { seed } from '../fixtures/seed';
import {
  HEADLINE_ONLY_ID,
  controlled,
  launchBrowser,
  openPage,
  origin,
  screenshot,
  SEED_ID,
  SIZES,
  settled,
  trackFetched,
} from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ALLOW = { serviceWorkers: 'allow' } as const;

describe('offline', () => {
  it('keeps only the app shell, opens pages already read while offline, and offers the offline page for the rest', async () => {
    const { page, problems, close } = await openPage(browser, 'phone', ALLOW);
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await settled(page);
    await controlled(page);

    // What the worker keeps ahead: the app's files and the offline page, no article, within 300 KB.
    const precache = await page.evaluate(async () => {
      const names = (await caches.keys()).filter((name) => name.includes('precache'));
      const entries: { url: string; bytes: number }[] = [];
      for (const name of names) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          const body = await (await cache.match(request))!.arrayBuffer();
          entries.push({ url: new URL(request.url).pathname, bytes: body.byteLength });
        }
      }
      return entries;
    });
    const urls = precache.map((entry) => entry.url);
    expect(urls).toEqual(expect.arrayContaining(['/boot.js', '/offline', '/saved', '/icons/icon-192.png', '/icons/icon-512.png']));
    expect(urls.some((url) => url.startsWith('/assets/') && url.endsWith('.js'))).toBe(true);
    expect(urls.filter((url) => url.startsWith('/articles/') || url.startsWith('/sections/') || url.startsWith('/api/'))).toEqual([]);
    // 300 KB as a phone downloads them (gzipped, as the server sends them); kept, they are larger.
    const downloaded = await Promise.all(
      urls.map(async (url) => gzipSync(await readFile(path.join('dist', url.includes('.') ? url : pageFile(url)))).length),
    );
    expect(downloaded.reduce((sum, bytes) => sum + bytes, 0)).toBeLessThanOrEqual(300 * 1024);

    // A second page, opened while online, is kept too; its live lists, asked for again through the
    // worker as the page starts, are not: they are never shown stale.
    const liveLists = ['ranking', 'popular'].map((list) =>
      page.waitForResponse((response) => new URL(response.url()).pathname.startsWith(`/api/${list}`) && response.ok()),
    );
    await page.goto(`${origin()}/articles/${HEADLINE_ONLY_ID}`);
    await Promise.all(liveLists);
    await settled(page);
    const keptApiFiles = await page.evaluate(async () => {
      const names = (await caches.keys()).filter((name) => !name.includes('precache'));
      const kept = await Promise.all(names.map(async (name) => (await (await caches.open(name)).keys()).map((request) => request.url)));
      return kept.flat().map((url) => new URL(url).pathname);
    });
    expect(keptApiFiles).toContain(`/articles/${HEADLINE_ONLY_ID}`);
    expect(keptApiFiles.filter((file) => file.startsWith('/api/ranking') || file.startsWith('/api/popular/'))).toEqual([]);

    await page.context().setOffline(true);
    await page.goto(`${origin()}/articles/${SEED_ID}`);
    await expect.poll(() => page.locator('h1').innerText()).toBe(seed.headline);
    expect(await page.locator('.article-body p').first().innerText()).toBe(seed.paragraphs[0]);

    // A page never read here: the offline page, which says so and lists what can be read.
    await page.goto(`${origin()}/sections/culture`);
    await page.waitForURL(/\/offline\?from=/);
    await expect.poll(() => page.locator('h1').innerText()).toBe('You are offline');
    expect(await page.getByRole('link', { name: 'Try again' }).getAttribute('href')).toBe('/sections/culture');
    await expect.poll(() => page.locator('.offline-page li a').allInnerTexts()).toEqual(expect.arrayContaining([seed.headline]));
    await page.locator('.offline-page li a', { hasText: seed.headline }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe(seed.headline);

    await page.context().setOffline(false);
    // Offline, requests fail by design; nothing else may.
    expect(problems.filter((problem) => !problem.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
    await close();
  });

  it('is installable: a web app manifest named after the publication, with its icons', async () => {
    const { page, close } = await openPage(browser, 'desktop', ALLOW);
    await page.goto(`${origin()}/`);
    await settled(page);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const response = await page.request.get(`${origin()}${href}`);
    expect(response.headers()['content-type']).toContain('application/manifest+json');
    const manifest = (await response.json()) as {
      name: string;
      start_url: string;
      display: string;
      icons: { src: string; sizes: string }[];
    };
    expect(manifest).toMatchObject({ name: 'The Japan News', start_url: '/', scope: '/', display: 'standalone' });
    for (const icon of manifest.icons) {
      const png = await page.request.get(`${origin()}${icon.src}`);
      expect(png.headers()['content-type']).toBe('image/png');
      const bytes = await png.body();
      // The PNG header's width and height (IHDR) are the size the manifest says.
      const size = `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
      expect(size, icon.src).toBe(icon.sizes);
    }
    // Chromium's own reading of it: installable, with no errors.
    const cdp = await page.context().newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    // A test's browser context is an incognito one, which Chromium never offers to install from; that is the only objection.
    expect(installabilityErrors.map((error) => error.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
    await close();
  });

  it('after a deploy, says politely that a new version is available, and Reload switches to it', async () => {
    const site = await mkdtemp(path.join(os.tmpdir(), 'news-deploy-'));
    await cp('dist', site, { recursive: true });
    const server = await startStaticServer({ dir: site });
    const { page, problems, close } = await openPage(browser, 'desktop', ALLOW);
    try {
      await page.goto(`${server.origin}/articles/${SEED_ID}`);
      await settled(page);
      await controlled(page);
      expect(await page.locator('.update-prompt').count()).toBe(0);

      // The deploy: a new service worker.
      const worker = path.join(site, 'sw.js');
      await writeFile(worker, `${await readFile(worker, 'utf8')}\n// Synthetic next version.\n`);
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration?.update()));
      // In a live region, so that it is announced (the region itself has no size: the prompt is fixed).
      const prompt = page.getByRole('status').filter({ hasText: 'A new version is available.' });
      await prompt.getByRole('button', { name: 'Reload' }).waitFor();
      // The page in front of the reader stays until they choose.
      expect(await page.locator('h1').innerText()).toBe(seed.headline);
      await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
      await settled(page);
      expect(await page.locator('h1').innerText()).toBe(seed.headline);
      expect(await page.locator('.update-prompt').count()).toBe(0);
      expect(
        await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration?.waiting ?? null)),
      ).toBeNull();
      expect(problems).toEqual([]);
    } finally {
      await close();
      await server.close();
      await rm(site, { recursive: true, force: true });
    }
  });

  it('a save or a removal in one tab shows in the site’s other open tabs', async () => {
    const { page, problems, close } = await openPage(browser, 'desktop');
    try {
      const saved = await page.context().newPage();
      await saved.goto(`${origin()}/saved`);
      await settled(saved);
      await expect.poll(() => saved.locator('.saved-page').innerText()).toContain('Nothing is saved yet.');
      await page.goto(`${origin()}/articles/${SEED_ID}`);
      await settled(page);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => saved.locator('.saved-list a').allInnerTexts()).toEqual([seed.headline]);
      await saved.getByRole('button', { name: `Remove “${seed.headline}”` }).click();
      await page.getByRole('button', { name: 'Save', exact: true }).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });

  it('saves an article, which opens from the Saved page offline after the browser is restarted, and removes it', async () => {
    // A profile of its own, kept across the restart, and a server of its own: closing it is going offline.
    const profile = await mkdtemp(path.join(os.tmpdir(), 'news-profile-'));
    const server = await startStaticServer({ dir: 'dist' });
    const site = server.origin;
    const errors: string[] = [];
    const launch = async (): Promise<[BrowserContext, Page]> => {
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_FLAGS,
        ...SIZES.phone,
        serviceWorkers: 'allow',
      });
      const page = context.pages()[0] ?? (await context.newPage());
      trackFetched(page);
      page.on('pageerror', (error) => errors.push(error.message));
      return [context, page];
    };
    let [context, page] = await launch();
    try {
      await page.goto(`${site}/articles/${SEED_ID}`);
      await settled(page);
      await controlled(page);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Saved on this device, to read offline' }).waitFor();
      await page.getByRole('button', { name: 'Remove from saved' }).waitFor();

      await page.getByRole('banner').getByRole('link', { name: 'Saved', exact: true }).click();
      await expect.poll(() => page.locator('h1').innerText()).toBe('Saved articles');
      await expect.poll(() => page.locator('.saved-list a').allInnerTexts()).toEqual([seed.headline]);
      expect(await page.locator('.saved-list time').first().innerText()).toBe(seed.dateline);
      await screenshot(page, 'saved-phone');
      await page.setViewportSize(SIZES.desktop.viewport);
      await screenshot(page, 'saved-desktop');
      // What the worker keeps of pages read and API files may have expired by the time the reader is
      // offline: only the saved copy is left.
      await page.evaluate(() => Promise.all(['pages', 'api'].map((name) => caches.delete(name))));
      await context.close();
      await server.close();

      [context, page] = await launch();
      const opened = Date.now();
      await page.goto(`${site}/saved`);
      await page.locator('.saved-list a', { hasText: seed.headline }).click();
      await expect.poll(() => page.locator('h1').innerText()).toBe(seed.headline);
      console.log(`Saved article opened offline from /saved, after a restart, in ${Date.now() - opened} ms`);
      expect(await page.locator('.article-body p').allInnerTexts()).toEqual(seed.paragraphs);
      // A whole page load of it, offline, is answered from the saved copy too.
      await page.reload();
      await expect.poll(() => page.locator('h1').innerText()).toBe(seed.headline);
      expect(await page.locator('.article-body p').first().innerText()).toBe(seed.paragraphs[0]);

      await page.goto(`${site}/saved`);
      await page.getByRole('button', { name: `Remove “${seed.headline}”` }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Removed “${seed.headline}”.` })
        .waitFor();
      expect(await page.locator('.saved-page').innerText()).toContain('Nothing is saved yet.');
      // Removed, it is no longer on the device: opening it offline leads to the offline page.
      await page.goto(`${site}/articles/${SEED_ID}`);
      await page.waitForURL(/\/offline\?from=/);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await server.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    }
  }, 90_000);
});
