/**
 * One builder of `UploadItem` snapshots for tests that render rows without an uploader: every field a fresh queued
 * file has, overridden as a test needs. The path follows the name unless given.
 */
import type { UploadItem } from '../../src/core/index.ts';

let nextId = 0;

export function makeUploadItem(overrides: Partial<UploadItem> = {}): UploadItem {
  nextId += 1;
  const name = overrides.name ?? `file-${nextId}.txt`;
  return {
    id: `id-${nextId}`,
    name,
    path: `/Docs/${name}`,
    spaceId: 'space-1',
    relativePath: undefined,
    size: 1_000_000,
    measured: true,
    type: 'text/plain',
    status: 'queued',
    bytesUploaded: 0,
    speed: 0,
    timeLeft: undefined,
    error: undefined,
    result: undefined,
    attempts: 0,
    hold: undefined,
    replaces: false,
    renamedFrom: undefined,
    caseCollision: undefined,
    restarts: 0,
    log: [],
    ...overrides,
  };
}
