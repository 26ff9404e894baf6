/**
 * Light and dark theme for the stories: the Storybook global `theme` (toolbar item "Theme"; in a URL
 * `globals=theme:dark`) becomes `data-theme="light|dark"` and `color-scheme` on `<html>`, so colours written as
 * `light-dark()` (the library's tokens, the `--story-*` custom properties that `installStoryStyles()` adds with the
 * page colours) follow it, `auto` included.
 *
 * Components that take their theme as a prop (`<SpaceUploader theme>`) read the global with
 * `storyThemeOf(context.globals)` in a render function, or `useStoryTheme()` inside the story.
 */
import type { Decorator, Preview } from '@storybook/react-vite';
import { createContext, type ReactNode, useContext, useLayoutEffect } from 'react';

/** `auto` follows the system's colour scheme (`prefers-color-scheme`), as `<SpaceUploader theme="auto">` does. */
export type StoryTheme = 'light' | 'dark' | 'auto';

export const THEME_GLOBAL = 'theme';

/** `globalTypes` entry of preview.ts: the toolbar's theme switch. */
export const themeGlobalTypes: NonNullable<Preview['globalTypes']> = {
  [THEME_GLOBAL]: {
    description: 'Colour theme of the stories (sets data-theme on <html>)',
    toolbar: {
      title: 'Theme',
      icon: 'mirror',
      items: [
        { value: 'light', title: 'Light', icon: 'sun' },
        { value: 'dark', title: 'Dark', icon: 'moon' },
        { value: 'auto', title: 'Auto (the system’s)', icon: 'contrast' },
      ],
      dynamicTitle: true,
    },
  },
};

export const themeInitialGlobals = { [THEME_GLOBAL]: 'light' } as const;

/** The story's theme from Storybook's globals (`light` unless the `theme` global is `dark` or `auto`). */
export function storyThemeOf(globals: Record<string, unknown> | undefined): StoryTheme {
  const theme = globals?.[THEME_GLOBAL];
  return theme === 'dark' || theme === 'auto' ? theme : 'light';
}

const StoryThemeContext = createContext<StoryTheme>('light');

/** The story's theme, for components rendered inside a story (`light` outside of one). */
export function useStoryTheme(): StoryTheme {
  return useContext(StoryThemeContext);
}

export function applyTheme(theme: StoryTheme): void {
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.style.colorScheme = theme === 'auto' ? 'light dark' : theme;
}

function ThemeRoot({ theme, children }: { theme: StoryTheme; children: ReactNode }) {
  useLayoutEffect(() => applyTheme(theme), [theme]);
  return <StoryThemeContext.Provider value={theme}>{children}</StoryThemeContext.Provider>;
}

/** Global decorator: applies the `theme` global before the story paints. */
export const withTheme: Decorator = (Story, context) => {
  const theme = storyThemeOf(context.globals);
  if (typeof document !== 'undefined') applyTheme(theme); // before the first paint of a fresh page, too
  return (
    <ThemeRoot theme={theme}>
      <Story />
    </ThemeRoot>
  );
};

const STORY_STYLES = `
:root {
  /* Each colour once, light and dark side by side; applyTheme sets the root's color-scheme (auto: light dark). */
  --story-bg: light-dark(#ffffff, #14171c);
  --story-fg: light-dark(#1f2328, #e6e9ee);
  --story-muted: light-dark(#59636e, #9ba4b0);
  --story-border: light-dark(#d1d9e0, #3a414b);
  --story-subtle: light-dark(#f6f8fa, #1d2127);
  --story-accent: light-dark(#0a5fc2, #6cb0ff);
  --story-error: light-dark(#b3261e, #ff8a80);
  --story-success: light-dark(#1a7f37, #56d364);
}
html, body {
  background: var(--story-bg);
  color: var(--story-fg);
}
`;

/** Adds the page colours and the `--story-*` custom properties to the document, once. */
export function installStoryStyles(): void {
  if (typeof document === 'undefined' || document.getElementById('story-theme-styles')) return;
  const style = document.createElement('style');
  style.id = 'story-theme-styles';
  style.textContent = STORY_STYLES;
  document.head.append(style);
}
