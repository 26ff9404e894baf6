/** Storybook support: the per-story mock oCIS, the server inspector, play helpers, the theme and the colour scheme. */
export * from './color-scheme.ts';
export * from './drop.ts';
export * from './mock-ocis.tsx';
export * from './play.ts';
export * from './ServerInspector.tsx';
export * from './story-ready.ts';
export * from './theme.tsx';
