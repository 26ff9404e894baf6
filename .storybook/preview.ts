import type { Preview } from '@storybook/react-vite';

let mswStarted: Promise<void> | undefined;

/**
 * Starts the msw worker with the mock oCIS handlers, once per page. Only the static build needs it: under
 * `storybook dev` and Vitest the mock runs as Vite middleware on the same origin.
 */
function startMockOcisWorker(): Promise<void> {
  mswStarted ??= (async () => {
    const [{ setupWorker }, { createMockOcisRouter, mockOcisHandlers }] = await Promise.all([
      import('msw/browser'),
      import('../src/mock/index.ts'),
    ]);
    // A router, like the dev middleware: the root mock plus isolated ones below `/__mock-instances/{name}/`.
    const worker = setupWorker(...mockOcisHandlers(createMockOcisRouter()));
    await worker.start({
      // Relative to the page (iframe.html), so a Storybook published below a sub-path finds its worker.
      serviceWorker: { url: new URL('mockServiceWorker.js', document.baseURI).href },
      onUnhandledRequest: 'bypass',
      quiet: true,
    });
  })();
  mswStarted.catch(() => {
    mswStarted = undefined;
  });
  return mswStarted;
}

const preview: Preview = {
  loaders: [
    async () => {
      if (__MOCK_OCIS_TRANSPORT__ === 'msw') {
        await startMockOcisWorker();
      }
      return {};
    },
  ],
  parameters: {
    layout: 'padded',
    a11y: {
      // Accessibility violations fail the story's test.
      test: 'error',
    },
  },
};

export default preview;
