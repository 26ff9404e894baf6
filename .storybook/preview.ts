import type { Preview } from '@storybook/react-vite';
import { mockOcisLoader, withMockOcis } from '../stories/support/mock-ocis.tsx';
import { withServerInspector } from '../stories/support/ServerInspector.tsx';
import { resetStoryReady } from '../stories/support/story-ready.ts';
import { installStoryStyles, themeGlobalTypes, themeInitialGlobals, withTheme } from '../stories/support/theme.tsx';

installStoryStyles();

const preview: Preview = {
  loaders: [
    // Clears the `data-story-ready` marker on <html> for this render (scripts/screenshots.ts waits for it).
    async (context) => {
      resetStoryReady(context.id);
      return {};
    },
    // Every story render gets its own mock oCIS instance, configured from `parameters.mockOcis`, as
    // `context.loaded.mockOcis` (in msw mode, the static build, this starts the worker first).
    mockOcisLoader,
  ],
  // The first decorator is the innermost: the story, then its server inspector, inside the mock's context, inside
  // the theme.
  decorators: [withServerInspector, withMockOcis, withTheme],
  globalTypes: themeGlobalTypes,
  initialGlobals: themeInitialGlobals,
  parameters: {
    layout: 'padded',
    a11y: {
      // Accessibility violations fail the story's test.
      test: 'error',
    },
  },
};

export default preview;
