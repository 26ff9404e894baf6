/** The hook hands `resume` to the core: records of that user (and only that user) are what `interrupted()` lists. */
import { renderHook, waitFor } from '@testing-library/react';
import { expect, it } from 'vitest';
import { memoryStorage } from '../../src/core/resume.ts';
import { useSpaceUploader } from '../../src/react/hooks.ts';

it('useSpaceUploader passes resume { userId, storage } through to the uploader', async () => {
  const storage = memoryStorage();
  const record = (user: string) => [
    `space-uploader:resume:${user}:1`,
    JSON.stringify({
      fingerprint: 'tus-x',
      uploadUrl: 'https://ocis.test/data/abc',
      expiresAt: Date.now() + 60_000,
      createdAt: Date.now(),
      name: 'half.bin',
      size: 10,
      spaceId: 's$u',
      path: '/half.bin',
    }),
  ];
  storage.setItem(...(record('einstein') as [string, string]));
  storage.setItem(...(record('marie') as [string, string]));
  // Stable across renders (a new capabilities object means a new uploader).
  const capabilities = { tus: undefined, checksumTypes: [], preferredChecksum: undefined, serverVersion: undefined };
  const resume = { userId: 'einstein', storage };
  const { result } = renderHook(() =>
    useSpaceUploader({
      serverUrl: 'https://ocis.test',
      accessToken: 't',
      capabilities,
      resume,
    }),
  );
  await waitFor(() => expect(result.current.uploader).toBeDefined());
  expect(result.current.uploader?.interrupted().map((r) => [r.name, r.path])).toEqual([['half.bin', '/half.bin']]);
});
