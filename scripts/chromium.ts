import { existsSync } from 'node:fs';
import { fail } from '../src/pipeline/command-line.ts';

// Debian's Chromium, as the screenshots, the benchmark and the browser tests start it: headless, and
// with nothing that calls home (this machine's network reaches only the package registries).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Stops a script that needs Chromium, where it is not installed, with how to install it, rather than
 * with the launcher's "spawn ENOENT".
 */
export function requireChromium(command: string): void {
  if (existsSync(CHROMIUM_PATH)) return;
  fail(
    command,
    `Chromium is not at ${CHROMIUM_PATH}. Install Debian's (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH to another build`,
  );
}
