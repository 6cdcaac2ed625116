import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { archiveApi } from './src/pipeline/vite-plugin.ts';

export default defineConfig({
  // Set BASE_PATH=/news/ to serve the app from a sub-path.
  base: process.env.BASE_PATH ?? '/',
  // Set DATA_DIR to build from an archive other than data/.
  plugins: [react(), archiveApi({ dataDir: process.env.DATA_DIR ?? 'data' })],
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    environment: 'jsdom',
    setupFiles: ['tests/setup.ts'],
    include: ['tests/**/*.test.{ts,tsx}'],
    // The browser suite has its own config (vitest.e2e.config.ts) and command (npm run test:e2e).
    exclude: ['tests/e2e/**', 'node_modules/**'],
  },
});
