import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { mockOcisPlugin } from './.storybook/mock-ocis-plugin.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.ts';

const dirname = path.dirname(fileURLToPath(import.meta.url));

// Storybook's own telemetry (also used by the Vitest addon's reporter) stays off.
process.env.STORYBOOK_DISABLE_TELEMETRY ??= '1';

/**
 * Headless Debian Chromium: browsers cannot be downloaded here (never `npx playwright install`). A fresh object per
 * project: Vitest names the instances in place.
 */
const chromium = () => ({
  enabled: true,
  headless: true,
  provider: playwright({
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
    },
  }),
  instances: [{ browser: 'chromium' as const }],
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/react/**', 'test/real-server/**', 'test/visual/**', '**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        // Against a real oCIS/OpenCloud (OCIS_URL, or ../shared/opencloud started by the setup): Node drives Debian's
        // Chromium itself, so that pages can be served from the server's own origin and from another one.
        test: {
          name: 'real-server',
          environment: 'node',
          include: ['test/real-server/**/*.test.ts'],
          globalSetup: ['test/real-server/global-setup.ts'],
          // One server, two cores: the files take turns.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The key stories of the built Storybook against committed screenshots (scripts/visual.ts), and every story's
        // checks in the dark theme and in auto on a dark system (scripts/theme-checks.ts).
        test: {
          name: 'visual',
          environment: 'node',
          include: ['test/visual/**/*.test.ts'],
          testTimeout: 300_000,
        },
      },
      {
        // Components in happy-dom (keyboard, messages, StrictMode); SSR tests switch themselves to node.
        test: {
          name: 'react',
          environment: 'happy-dom',
          include: ['test/react/**/*.test.{ts,tsx}'],
        },
      },
      {
        // Tests in real Chromium with the mock oCIS as Vite middleware on the same origin.
        plugins: [mockOcisPlugin()],
        // Preflights reach the mock, whose CORS follows the real server's (Vite's own would answer them first).
        server: { cors: false },
        // Found up front: a dependency discovered mid-run makes Vite reload and fail the running test's imports.
        optimizeDeps: { include: ['tus-js-client', 'hash-wasm'] },
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.{ts,tsx}'],
          testTimeout: 30_000,
          browser: chromium(),
        },
      },
      {
        // Every story is a test: rendered in Chromium, its play function run, then the a11y checks.
        plugins: [storybookTest({ configDir: path.join(dirname, '.storybook') })],
        test: {
          name: 'storybook',
          // Lets a story emulate the system's colour scheme (theme="auto"), and lifts it after each test.
          setupFiles: ['.storybook/vitest.setup.ts'],
          // The 10,000-file story builds 10,000 Files (~3 s) before it uploads; the 15 s default is too tight.
          testTimeout: 60_000,
          browser: chromium(),
        },
      },
    ],
  },
});
