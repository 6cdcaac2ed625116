// Builds the site from data/ the way `npm run build` does, serves it on 127.0.0.1 with the static
// server for the whole suite, and stops the server when the suite ends.
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startStaticServer, type StaticServer } from '../../scripts/static-server.ts';
import { missingBrowserPackages } from './engines.ts';

let server: StaticServer | undefined;

export default async function setup(project: TestProject) {
  // Said once, before the build, rather than as a launcher's error in every test.
  const missing = missingBrowserPackages();
  if (missing.length > 0) {
    throw new Error(
      `The browser suite needs Debian's ${missing.join(', ')}, not installed here: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  if (!process.env.E2E_SKIP_BUILD) {
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { stdio: 'inherit' });
  }
  server = await startStaticServer({ dir: 'dist' });
  project.provide('origin', server.origin);
  return async () => {
    await server?.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    origin: string;
  }
}
