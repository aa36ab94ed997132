import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    // `npm run dev`: the UI with hot reload, the API from a BFF already running on 8080.
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/auth': 'http://127.0.0.1:8080',
      '/callStatus': 'http://127.0.0.1:8080',
      '/callCatchUp': 'http://127.0.0.1:8080',
    },
  },
  test: {
    // The AWS SDK warns on every process start that its 2027 releases will need Node 22 (see
    // docs/decisions/0014): true, known, and noise in test output. Servers the tests spawn inherit it.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        // Tests sit in folders that mirror the code they test (test/server/<module>, test/src/<feature>);
        // helpers are in test/support. Node-side tests: pure units and the server over real HTTP.
        test: {
          name: 'node',
          include: ['test/server/**/*.test.ts', 'test/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'component',
          include: ['test/src/**/*.test.tsx'],
          environment: 'jsdom',
          // Queries wait up to 10 s for what they look for (test/support/ui/setup.ts).
          testTimeout: 20_000,
          setupFiles: ['test/support/ui/setup.ts'],
        },
      },
      {
        extends: true,
        // Real Chromium against the production build served by the real server: run after `vite build`.
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
