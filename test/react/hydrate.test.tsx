import { act, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { UploaderContext } from '../../src/react/context.ts';
import { DropZone } from '../../src/react/DropZone.tsx';
import { FileList } from '../../src/react/FileList.tsx';
import { UploadErrors } from '../../src/react/UploadErrors.tsx';
import { UploadSummary } from '../../src/react/UploadSummary.tsx';
import { fakeContext, makeItem, quotaError } from './helpers.tsx';

describe('hydration', () => {
  it('server HTML hydrates in StrictMode without mismatches', () => {
    const items = [
      ...Array.from({ length: 2000 }, (_, i) => makeItem({ name: `f${i}`, status: 'uploading', bytesUploaded: i })),
      makeItem({ name: 'bad.pdf', status: 'failed', error: quotaError() }),
    ];
    const context = fakeContext(items);
    const ui = (
      <StrictMode>
        <UploaderContext.Provider value={context}>
          <DropZone />
          <UploadSummary />
          <FileList />
          <UploadErrors />
        </UploaderContext.Provider>
      </StrictMode>
    );
    const container = document.createElement('div');
    container.innerHTML = renderToString(ui);
    document.body.append(container);
    const errors = vi.spyOn(console, 'error');
    const recoverable = vi.fn();
    let root: ReturnType<typeof hydrateRoot> | undefined;
    act(() => {
      root = hydrateRoot(container, ui, { onRecoverableError: recoverable });
    });
    expect(recoverable).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
    expect(container.querySelectorAll('li[data-su-row]').length).toBeLessThan(40);
    act(() => root?.unmount());
    container.remove();
    errors.mockRestore();
  });
});
