/**
 * Storybook's Vite configuration file, empty on purpose: without one named in main.ts, Storybook's builder loads the
 * top-level vite.config.ts, which is the library build. Storybook's own Vite settings are in main.ts (`viteFinal`),
 * where the Vitest `storybook` project finds them too.
 */
import { defineConfig } from 'vite';

export default defineConfig({});
