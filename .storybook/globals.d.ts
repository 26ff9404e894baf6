export {};

declare global {
  /**
   * How stories reach the mock oCIS server, fixed at build time by `mockOcisPlugin`:
   * `'middleware'` in `storybook dev` and Vitest runs (real HTTP to the same origin),
   * `'msw'` in the static `storybook build` (a service worker answers).
   */
  const __MOCK_OCIS_TRANSPORT__: 'middleware' | 'msw';

  interface Window {
    /**
     * Set by `.storybook/vitest.setup.ts` when stories run under Vitest: emulates the system colour scheme
     * (`prefers-color-scheme`) for the current test, `null` lifts it. Absent in `storybook dev` and the static build.
     */
    __storyEmulateColorScheme?: (scheme: 'light' | 'dark' | null) => Promise<void>;
  }
}
