/** Storybook support: the per-story mock oCIS, the server inspector, play-function helpers and the theme. */
export * from './drop.ts';
export * from './mock-ocis.tsx';
export * from './play.ts';
export * from './ServerInspector.tsx';
export * from './story-ready.ts';
export * from './theme.tsx';
