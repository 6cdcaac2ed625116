// The three browser engines readers use, each behind one small adapter with the same few verbs, so
// that a journey is written once: Chromium (playwright-core), Firefox ESR (puppeteer-core over WebDriver
// BiDi) and WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver under Xvfb, with selenium-webdriver).
// All from Debian's packages; nothing is downloaded.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { Builder, By, type WebDriver } from 'selenium-webdriver';
import { CHROMIUM_PATH } from '../../scripts/chromium';
import { launchBrowser } from './browser';

const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** Debian's packages that the browser suite needs and this machine lacks (.ci/run installs the same). */
export function missingBrowserPackages(): string[] {
  const onPath = (command: string) =>
    (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, command)));
  return [
    ...(existsSync(CHROMIUM_PATH) ? [] : ['chromium']),
    ...(existsSync(FIREFOX_PATH) ? [] : ['firefox-esr']),
    ...(onPath('WebKitWebDriver') ? [] : ['webkit2gtk-driver']),
    ...(onPath('xvfb-run') ? [] : ['xvfb', 'xauth']),
    ...(onPath('dbus-run-session') ? [] : ['dbus']),
  ];
}

export interface Size {
  width: number;
  height: number;
}

/** What a journey may do on a page, in every engine. */
export interface EnginePage {
  goto(url: string): Promise<void>;
  /** The visible text of each element the CSS selector matches. */
  texts(selector: string): Promise<string[]>;
  /** Clicks, as a reader does, the link with exactly this text inside the element the selector matches. */
  clickLink(container: string, name: string): Promise<void>;
  /** Runs a JavaScript expression in the page and returns its (JSON) value. */
  evaluate<T>(expression: string): Promise<T>;
  pressEnter(): Promise<void>;
  back(): Promise<void>;
  forward(): Promise<void>;
  reload(): Promise<void>;
  /** Script errors seen on the page (uncaught errors and unhandled rejections). */
  errors(): Promise<string[]>;
  close(): Promise<void>;
}

export interface Engine {
  name: 'chromium' | 'firefox' | 'webkit';
  open(size: Size): Promise<EnginePage>;
  quit(): Promise<void>;
}

/** The expression that finds the link: the same in every engine. */
const findLink = (container: string, name: string) =>
  `[...document.querySelectorAll(${JSON.stringify(container)} + ' a')].find((a) => a.textContent.trim() === ${JSON.stringify(name)})`;

/** Playwright's and Puppeteer's pages share these verbs. */
interface ScriptablePage {
  evaluate(expression: string): Promise<unknown>;
  keyboard: { press(key: 'Enter'): Promise<void> };
  goBack(): Promise<unknown>;
  goForward(): Promise<unknown>;
  reload(): Promise<unknown>;
}
function sharedVerbs(page: ScriptablePage): Pick<EnginePage, 'evaluate' | 'pressEnter' | 'back' | 'forward' | 'reload'> {
  return {
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    pressEnter: () => page.keyboard.press('Enter'),
    back: async () => void (await page.goBack()),
    forward: async () => void (await page.goForward()),
    reload: async () => void (await page.reload()),
  };
}

/**
 * Puppeteer sets a viewport and a screen orientation together; Firefox ESR 140 knows no
 * emulation.setScreenOrientationOverride, and says so after the viewport is set. No journey depends on the
 * orientation, so that refusal alone is let pass, once the page shows it has the size asked for.
 */
async function setFirefoxViewport(page: import('puppeteer-core').Page, size: Size): Promise<void> {
  try {
    await page.setViewport(size);
  } catch (error) {
    if (!(error instanceof Error && error.message.includes('unknown command emulation.setScreenOrientationOverride'))) throw error;
    // The refusal can come back before the viewport is in place.
    await page
      .waitForFunction((width: number) => window.innerWidth === width, { timeout: 5000 }, size.width)
      .catch(async () => {
        const width = await page.evaluate(() => window.innerWidth);
        throw new Error(`Firefox did not take the viewport's width of ${size.width} px (it has ${width} px)`, { cause: error });
      });
  }
}

export async function startChromium(): Promise<Engine> {
  const browser = await launchBrowser();
  return {
    name: 'chromium',
    async open(size) {
      const context = await browser.newContext({ viewport: size });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      return {
        goto: async (url) => void (await page.goto(url)),
        texts: (selector) => page.locator(selector).allInnerTexts(),
        clickLink: (container, name) => page.locator(container).getByRole('link', { name, exact: true }).first().click(),
        ...sharedVerbs(page),
        errors: async () => errors,
        close: () => context.close(),
      };
    },
    quit: () => browser.close(),
  };
}

/**
 * Firefox reports, through the same channel as script errors, a request to the site's API that the
 * service worker was still answering when the page let go of it (seen in CI now and then during the
 * journey's reloads and page loads, never reproduced on a quiet machine; not a script error, and the
 * page never needed the answer: the journey checks everything it shows). Only that message, only for
 * the API's JSON files, is set aside; it is still printed.
 */
function firefoxInterceptionNotice(message: string): boolean {
  const match = /^Failed to load ‘(.+)’\. A ServiceWorker intercepted the request and encountered an unexpected error\.$/.exec(message);
  if (!match) return false;
  const url = URL.canParse(match[1]) ? new URL(match[1]) : null;
  return url !== null && url.hostname === '127.0.0.1' && url.pathname.includes('/api/') && url.pathname.endsWith('.json');
}

export async function startFirefox(): Promise<Engine> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // No updates, telemetry or other calls home: the machine has no network but the site.
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'network.captive-portal-service.enabled': false,
    },
  });
  return {
    name: 'firefox',
    async open(size) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await setFirefoxViewport(page, size);
      const errors: string[] = [];
      page.on('pageerror', (error) => {
        const message = error instanceof Error ? error.message : String(error);
        if (firefoxInterceptionNotice(message)) console.warn(`Firefox (not counted as a script error): ${message}`);
        else errors.push(message);
      });
      return {
        goto: async (url) => void (await page.goto(url)),
        texts: (selector) => page.$$eval(selector, (elements) => elements.map((element) => (element as HTMLElement).innerText)),
        async clickLink(container, name) {
          const link = await page.evaluateHandle(findLink(container, name));
          const element = link.asElement();
          if (!element) throw new Error(`no link "${name}" in ${container}`);
          await (element as import('puppeteer-core').ElementHandle<Element>).click();
        },
        ...sharedVerbs(page),
        // Firefox ESR 140 reports no navigation for a step back or forward between the app's own history
        // entries, which Puppeteer's goBack waits for; the journeys wait for what the step shows instead.
        back: () => page.evaluate(() => history.back()),
        forward: () => page.evaluate(() => history.forward()),
        errors: async () => errors,
        close: () => context.close(),
      };
    },
    quit: () => browser.close(),
  };
}

/** WebKitGTK's MiniBrowser, wherever Debian put it for this machine's architecture. */
function miniBrowser(): string {
  if (process.env.MINIBROWSER_PATH) return process.env.MINIBROWSER_PATH;
  for (const triplet of readdirSync('/usr/lib').filter((name) => name.includes('-linux-'))) {
    for (const version of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
      const binary = `/usr/lib/${triplet}/${version}/MiniBrowser`;
      if (existsSync(binary)) return binary;
    }
  }
  throw new Error('WebKitGTK MiniBrowser not found: apt-get install webkit2gtk-driver');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * WebDriver classic, all that WebKitWebDriver speaks, reports no script errors, and cannot run a script
 * before the page's own. So a listener for uncaught errors and unhandled rejections is put into each
 * document as soon as the driver is back from loading it (after its load event). It sees every error of
 * the app, which starts only after the load event and a frame (public/boot.js); it can miss one thrown
 * before it is there: by an inline script while the page loads, or in the few milliseconds between the
 * load event and the listener, and it never sees a worker's.
 */
const PAGE_ERRORS = '__pageErrors';
const LISTEN_FOR_ERRORS = `if (!window.${PAGE_ERRORS}) {
  const errors = (window.${PAGE_ERRORS} = []);
  window.addEventListener('error', (event) => errors.push(event.message || String(event.error)));
  window.addEventListener('unhandledrejection', (event) => errors.push('unhandled rejection: ' + ((event.reason && event.reason.message) || String(event.reason))));
}`;

/**
 * What a page of the site kept on the device (its storage, caches, databases and service workers) taken
 * away, for the next page of a shared session; the callback gets nothing, or what failed. A database the
 * page still has open is deleted once the page is left.
 */
const CLEAR_ORIGIN = `const done = arguments[arguments.length - 1];
Promise.all([
  navigator.serviceWorker.getRegistrations().then((all) => Promise.all(all.map((registration) => registration.unregister()))),
  caches.keys().then((names) => Promise.all(names.map((name) => caches.delete(name)))),
  indexedDB.databases().then((all) => Promise.all(all.map((database) => new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(database.name);
    request.onsuccess = request.onerror = request.onblocked = resolve;
  })))),
]).then(() => {
  localStorage.clear();
  sessionStorage.clear();
  done();
}, (error) => done(String(error)));`;

export async function startWebKit(): Promise<Engine> {
  const port = await freePort();
  // WebKitWebDriver starts MiniBrowser, which needs a display (Xvfb) and a session bus.
  const driverProcess: ChildProcess = spawn('xvfb-run', ['-a', 'dbus-run-session', '--', 'WebKitWebDriver', `--port=${port}`], {
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-driverProcess.pid!, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  const started = Date.now();
  for (;;) {
    const ready = await fetch(`http://127.0.0.1:${port}/status`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() - started > 20_000) {
      stop();
      throw new Error('WebKitWebDriver did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // One MiniBrowser for all the pages of a test file, one page at a time: a new session per page cost about
  // a second each. Closing a page leaves the site's origin as a new profile has it (see CLEAR_ORIGIN).
  let session: WebDriver | undefined;
  return {
    name: 'webkit',
    async open(size) {
      const driver = (session ??= await new Builder()
        .usingServer(`http://127.0.0.1:${port}`)
        .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] } })
        .build());
      await driver.manage().window().setRect({ width: size.width, height: size.height });
      // Errors of the documents left behind, and a step that loads a new document (or not) then listens on it.
      const errors: string[] = [];
      const navigate = async (step: () => Promise<void>) => {
        errors.push(...((await driver.executeScript(`return (window.${PAGE_ERRORS} || []).splice(0);`)) as string[]));
        await step();
        await driver.executeScript(LISTEN_FOR_ERRORS);
      };
      return {
        goto: (url) => navigate(() => driver.get(url)),
        texts: async (selector) => Promise.all((await driver.findElements(By.css(selector))).map((element) => element.getText())),
        async clickLink(container, name) {
          const links = await driver.findElements(By.css(`${container} a`));
          for (const link of links) {
            if ((await link.getText()).trim() === name) return link.click();
          }
          throw new Error(`no link "${name}" in ${container}`);
        },
        evaluate: <T>(expression: string) => driver.executeScript(`return (${expression});`) as Promise<T>,
        pressEnter: async () => {
          const focused = await driver.switchTo().activeElement();
          await focused.sendKeys('\uE007');
        },
        back: () => navigate(() => driver.navigate().back()),
        forward: () => navigate(() => driver.navigate().forward()),
        reload: () => navigate(() => driver.navigate().refresh()),
        async errors() {
          const current = (await driver.executeScript(`return window.${PAGE_ERRORS} || null;`)) as string[] | null;
          if (current === null)
            throw new Error(
              'WebKit: the page has no error listener (a new document loaded by other means than goto, reload, back or forward)',
            );
          return [...errors, ...current];
        },
        close: async () => {
          if (((await driver.executeScript('return location.protocol;')) as string).startsWith('http')) {
            const failure = await driver.executeAsyncScript(CLEAR_ORIGIN);
            if (failure) throw new Error(`WebKit: the site's storage could not be cleared: ${String(failure)}`);
          }
          await driver.get('about:blank');
        },
      };
    },
    async quit() {
      await session?.quit().catch(() => undefined);
      stop();
    },
  };
}

export const ENGINES = { chromium: startChromium, firefox: startFirefox, webkit: startWebKit } as const;
