// The browser suite: builds the app, serves the production build on 127.0.0.1 and drives Debian's
// Chromium with playwright-core. `npm run test:e2e`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    // One browser on a 2-core machine: files run one after another.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // What a test waits for after a click or a reload can take seconds on a loaded 2-core machine; a
    // poll ends as soon as it holds, so the longer limit costs a passing run nothing.
    expect: { poll: { timeout: 5_000 } },
  },
});
