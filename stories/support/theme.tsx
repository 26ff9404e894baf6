/**
 * Light and dark theme for the stories: the Storybook global `theme` (toolbar item "Theme"; in a URL
 * `globals=theme:dark`) becomes `data-theme="light|dark"` and `color-scheme` on `<html>`, so components themed with
 * CSS custom properties switch with `[data-theme='dark']` selectors. `installStoryStyles()` adds the page colours
 * and the `--story-*` custom properties the demo stories use.
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
  --story-bg: #ffffff;
  --story-fg: #1f2328;
  --story-muted: #59636e;
  --story-border: #d1d9e0;
  --story-subtle: #f6f8fa;
  --story-accent: #0a5fc2;
  --story-error: #b3261e;
  --story-success: #1a7f37;
}
:root[data-theme='dark'] {
  --story-bg: #14171c;
  --story-fg: #e6e9ee;
  --story-muted: #9ba4b0;
  --story-border: #3a414b;
  --story-subtle: #1d2127;
  --story-accent: #6cb0ff;
  --story-error: #ff8a80;
  --story-success: #56d364;
}
@media (prefers-color-scheme: dark) {
  :root[data-theme='auto'] {
    --story-bg: #14171c;
    --story-fg: #e6e9ee;
    --story-muted: #9ba4b0;
    --story-border: #3a414b;
    --story-subtle: #1d2127;
    --story-accent: #6cb0ff;
    --story-error: #ff8a80;
    --story-success: #56d364;
  }
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
