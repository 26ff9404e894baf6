/**
 * hash-wasm's SHA-1 alone, for hashing on the calling thread. Loaded on demand through this module: a dynamic
 * `import('hash-wasm')` cannot be tree-shaken and would bring every algorithm's wasm along.
 */
export { createSHA1 } from 'hash-wasm';
