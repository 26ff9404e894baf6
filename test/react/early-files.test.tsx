/** Files added in the instant between the first render and the uploader's creation are kept, not lost. */
import { cleanup, render, waitFor } from '@testing-library/react';
import { useEffect, useRef } from 'react';
import { afterEach, expect, it } from 'vitest';
import { useUploaderContext } from '../../src/react/context.ts';
import { SpaceUploaderProvider } from '../../src/react/provider.tsx';

afterEach(() => cleanup());

/**
 * No server here: every request fails as an unreachable one does, without a real connection (happy-dom's own fetch
 * would print each ENOTFOUND or ECONNREFUSED with its stack to the test log).
 */
const unreachable: typeof fetch = async () => {
  throw new TypeError('Failed to fetch');
};

/** A child's effect runs before its provider's: exactly when the uploader does not exist yet. */
function AddsOnMount({ seen }: { seen: { uploaderAtAdd: unknown; ids: string[] | undefined } }) {
  const { actions, uploader } = useUploaderContext();
  const once = useRef(false);
  useEffect(() => {
    if (once.current) return;
    once.current = true;
    seen.uploaderAtAdd = uploader;
    seen.ids = actions.addFiles([new File(['early'], 'early.txt')]);
  }, [actions, seen, uploader]);
  return null;
}

function Count() {
  const { snapshot } = useUploaderContext();
  return <output>{snapshot.items.map((i) => `${i.name}:${i.status}`).join(',')}</output>;
}

it('queues them and adds them as soon as the uploader exists', async () => {
  const seen: { uploaderAtAdd: unknown; ids: string[] | undefined } = { uploaderAtAdd: 'unset', ids: undefined };
  const { container } = render(
    <SpaceUploaderProvider
      serverUrl="http://ocis.test"
      fetch={unreachable}
      accessToken="t"
      target={{ space: { id: 's$u' } }}
      autoStart={false}
    >
      <AddsOnMount seen={seen} />
      <Count />
    </SpaceUploaderProvider>,
  );
  expect(seen.uploaderAtAdd).toBeUndefined(); // the gap was really hit
  expect(seen.ids).toEqual([]);
  // Kept: listed as soon as the uploader exists (its checks before upload may already have run: any status).
  await waitFor(() => expect(container.querySelector('output')?.textContent).toMatch(/^early\.txt:\w+$/));
});

/** Like the drop zone: files added and a start requested, both before the uploader exists. */
function AddsAndStartsOnMount() {
  const { actions } = useUploaderContext();
  const once = useRef(false);
  useEffect(() => {
    if (once.current) return;
    once.current = true;
    actions.addFiles([new File(['early'], 'early.txt')]);
    actions.start();
  }, [actions]);
  return null;
}

it('remembers a start asked for before the uploader exists (autoStart off, as the drop zone asks)', async () => {
  const { container } = render(
    <SpaceUploaderProvider
      serverUrl="http://127.0.0.1:9"
      fetch={unreachable}
      accessToken="t"
      target={{ space: { id: 's$u' } }}
      autoStart={false}
      transfer={{ retryDelays: [] }}
    >
      <AddsAndStartsOnMount />
      <Count />
    </SpaceUploaderProvider>,
  );
  // It started: with no server to reach, the file fails (it would stay queued had the start been lost).
  await waitFor(() => expect(container.querySelector('output')?.textContent).toBe('early.txt:failed'), {
    timeout: 5000,
  });
});

/** Like a dropped folder tree: read asynchronously, begun before the uploader exists, delivered after it does. */
function DeliversLateThroughAnOldClosure({ added }: { added: { ids?: string[] } }) {
  const { actions, uploader } = useUploaderContext();
  const first = useRef({ actions, uploader });
  useEffect(() => {
    // Once the uploader exists and its early files were flushed, call the actions of the very first render.
    if (!uploader || added.ids) return;
    expect(first.current.uploader).toBeUndefined();
    const timer = setTimeout(() => {
      added.ids = first.current.actions.addFiles([new File(['late'], 'late.txt')]);
    }, 0);
    return () => clearTimeout(timer);
  }, [uploader, added]);
  return null;
}

it('actions from a render before the uploader existed still reach it once it does (nothing is stranded)', async () => {
  const added: { ids?: string[] } = {};
  const { container } = render(
    <SpaceUploaderProvider
      serverUrl="http://ocis.test"
      fetch={unreachable}
      accessToken="t"
      target={{ space: { id: 's$u' } }}
      autoStart={false}
    >
      <DeliversLateThroughAnOldClosure added={added} />
      <Count />
    </SpaceUploaderProvider>,
  );
  await waitFor(() => expect(container.querySelector('output')?.textContent).toMatch(/^late\.txt:\w+$/));
  expect(added.ids).toHaveLength(1);
});
