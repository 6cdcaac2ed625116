// Driving Chromium (Debian's, as scripts/chromium.ts starts it) for the parts that measure in a browser.
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page, type Request } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../chromium.ts';

export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });

/** A phone's CPU against this machine's, as Lighthouse's mobile run assumes. */
export const PHONE_CPU_SLOWDOWN = 4;

/** A page on a phone's screen, in a context of its own: close the context after it. */
export async function phonePage(browser: Browser, options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, ...options });
  return { context, page: await context.newPage() };
}

/** Makes the page's CPU a phone's (PHONE_CPU_SLOWDOWN); returns the DevTools session, for more of the same. */
export async function slowCpu(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE_CPU_SLOWDOWN });
  return cdp;
}

/** Loads url in a page of its own until the network is idle, handing each request that finished to look (and waiting for what it returns). */
export async function loadPage(browser: Browser, url: string, look: (request: Request) => Promise<void> | undefined): Promise<void> {
  const page = await browser.newPage();
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    const looking = look(request);
    if (looking) pending.push(looking);
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await Promise.all(pending);
  await page.close();
}
