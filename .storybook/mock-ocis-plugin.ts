import { rmSync } from 'node:fs';
import type { Plugin } from 'vite';

/** How stories reach the mock oCIS server: Vite middleware while a dev server runs, msw in a static build. */
export type MockOcisTransport = 'middleware' | 'msw';

/**
 * Serves the mock oCIS server inside Storybook.
 *
 * - `storybook dev` and Vitest browser runs (`command === 'serve'`): the Node adapter is mounted as
 *   middleware on the Vite dev server, so stories talk real HTTP to the same origin. It is mounted without
 *   a path prefix (connect would strip it); the middleware matches oCIS's paths itself and calls `next()`
 *   for everything else.
 * - `storybook build` (`command === 'build'`): there is no server; `preview.ts` starts the msw worker.
 *
 * The choice reaches the browser as the compile-time constant `__MOCK_OCIS_TRANSPORT__`.
 */
export function mockOcisPlugin(): Plugin {
  return {
    name: 'space-uploader:mock-ocis',
    config(_config, { command }) {
      const transport: MockOcisTransport = command === 'serve' ? 'middleware' : 'msw';
      return { define: { __MOCK_OCIS_TRANSPORT__: JSON.stringify(transport) } };
    },
    async configureServer(server) {
      // Imported here, not at the top, so that `storybook build` never loads the Node adapter.
      const { createFileStore, createMockOcisMiddleware } = await import('../src/mock/node.ts');
      const store = createFileStore();
      const middleware = createMockOcisMiddleware({ store });
      server.middlewares.use(middleware);

      // Uploaded bytes live in temporary directories; remove them however the dev server ends.
      // - Vitest closes the server: there is no plugin hook for a dev server's close (and `httpServer` is null in
      //   Storybook's middleware mode), so wrap `close`.
      // - `storybook dev` is stopped with Ctrl-C or SIGTERM and never closes Vite: remove the directory
      //   synchronously (the root instance's store; node.ts creates the stores of `/__mock-instances/*` itself),
      //   then let the signal do what it would have done.
      const removeNow = () => {
        if (store.directory) rmSync(store.directory, { recursive: true, force: true });
      };
      const onSignal = (signal: NodeJS.Signals) => {
        removeNow();
        // Alone, this listener disabled Node's default (exit); when others listen (Vitest), they decide.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      };
      const forget = () => {
        process.off('exit', removeNow);
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      };
      process.once('exit', removeNow);
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);

      const closeServer = server.close.bind(server);
      server.close = async () => {
        try {
          await closeServer();
        } finally {
          forget();
          await middleware.router.close();
        }
      };
    },
  };
}
