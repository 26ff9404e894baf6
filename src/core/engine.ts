/**
 * The uploader engine (`createSpaceUploader`, with Uppy and everything an upload runs through), for src/react to
 * load with `import()`: `<SpaceUploader>` renders without it and the app's bundler makes it a chunk of its own.
 * A second door to the same modules as `index.ts`, which stays the public entry.
 */
export { defaultConflictHandler } from './plan.js';
export { createSpaceUploader } from './uploader/index.js';
