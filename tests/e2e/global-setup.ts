// Builds the production bundle from data/, serves it on 127.0.0.1 for the whole suite, and stops the
// server when the suite ends.
import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';

let server: PreviewServer | undefined;

export default async function setup(project: TestProject) {
  if (!process.env.E2E_SKIP_BUILD) await build({ logLevel: 'warn' });
  server = await preview({ preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'warn' });
  const origin = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!origin) throw new Error('the preview server did not report its address');
  project.provide('origin', origin);
  return async () => {
    await server?.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    origin: string;
  }
}
