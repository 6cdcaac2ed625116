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
  /** Script errors seen on the page, where the engine's driver reports them. */
  errors(): string[];
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
        errors: () => errors,
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
        errors: () => errors,
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
  const drivers: WebDriver[] = [];
  return {
    name: 'webkit',
    async open(size) {
      const driver = await new Builder()
        .usingServer(`http://127.0.0.1:${port}`)
        .withCapabilities({ browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] } })
        .build();
      drivers.push(driver);
      await driver.manage().window().setRect({ width: size.width, height: size.height });
      return {
        goto: (url) => driver.get(url),
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
        back: () => driver.navigate().back(),
        forward: () => driver.navigate().forward(),
        reload: () => driver.navigate().refresh(),
        // WebDriver classic has no error events; the journey's own checks show whether the app ran.
        errors: () => [],
        close: async () => {
          await driver.quit();
          drivers.splice(drivers.indexOf(driver), 1);
        },
      };
    },
    async quit() {
      for (const driver of drivers) await driver.quit().catch(() => undefined);
      stop();
    },
  };
}

export const ENGINES = { chromium: startChromium, firefox: startFirefox, webkit: startWebKit } as const;
