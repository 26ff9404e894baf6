import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import { mergeConfig } from 'vite';
import { mockOcisPlugin } from './mock-ocis-plugin.ts';

const config: StorybookConfig = {
  framework: {
    name: '@storybook/react-vite',
    // Not the top-level vite.config.ts: that is the library build.
    options: { builder: { viteConfigPath: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) } },
  },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  // msw's worker script (public/mockServiceWorker.js) is served next to iframe.html.
  staticDirs: ['../public'],
  core: {
    disableTelemetry: true,
  },
  viteFinal(viteConfig) {
    return mergeConfig(viteConfig, {
      plugins: [mockOcisPlugin()],
      // Storybook's preview bundle (React, axe, the docs blocks) is big by nature; that is not our bundle size.
      build: { chunkSizeWarningLimit: 2000 },
    });
  },
};

export default config;
