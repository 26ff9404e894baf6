/**
 * Issue 15: "A folder that could not be created still gets a green Done above the red error; the error says
 * 'Photos/Trip' while the row says 'Trip'". Dropped "Trip" (beach.jpg, empty "Drafts") into /Photos; "Drafts" refused.
 */
import { describe, expect, it } from 'vitest';
import { UploadError } from '../../src/core/errors.ts';
import { UploaderContext } from '../../src/react/context.ts';
import { FileList } from '../../src/react/FileList.tsx';
import { UploadErrors } from '../../src/react/UploadErrors.tsx';
import { UploadSummary } from '../../src/react/UploadSummary.tsx';
import { click, fakeActions, fakeContext, makeItem, render, text } from './helpers.tsx';

const beach = makeItem({
  name: 'beach.jpg',
  path: '/Photos/Trip/beach.jpg',
  relativePath: '/Trip/beach.jpg',
  status: 'done',
  bytesUploaded: 1_000_000,
});
const folderErrors = [
  {
    spaceId: beach.spaceId,
    path: '/Photos/Trip/Drafts',
    error: new UploadError('Forbidden', { status: 403, method: 'MKCOL', requestId: 'req-mkcol' }),
  },
];

describe('a folder of the drop that could not be created', () => {
  it('is no plain "Done": not in the summary, not on its folder; the error names the folder as the rows do', () => {
    const { container } = render(
      <UploaderContext.Provider value={fakeContext([beach], { folderErrors })}>
        <UploadSummary />
        <UploadErrors />
        <FileList />
      </UploaderContext.Provider>,
    );
    expect(text(container.querySelector('.su-summary__status'))).toBe('Finished with errors');
    expect(container.querySelector('.su-summary')?.getAttribute('data-status')).toBe('failed');
    const folder = container.querySelector('.su-folder') as HTMLElement;
    expect(folder.getAttribute('data-status')).toBe('failed');
    expect(text(folder.querySelector('.su-file__name .su-visually-hidden'))).toBe('Trip');
    expect(text(container.querySelector('.su-errors .su-errors__name'))).toBe('Drafts');
    expect(text(container.querySelector('.su-errors .su-errors__folder'))).toBe('Trip');
    click(folder.querySelector('button[aria-expanded]') as Element);
    const file = Array.from(container.querySelectorAll('.su-file')).find(
      (row) => text(row.querySelector('.su-file__name .su-visually-hidden')) === 'beach.jpg',
    );
    expect(text(file?.querySelector('.su-file__folder'))).toBe('Trip');
  });

  it('offers "Retry failed" in the summary when that folder is the only failure; retry() sends its MKCOL again', () => {
    const actions = fakeActions();
    const retryable = folderErrors.map((f) => ({ ...f, retryable: true }));
    const { container } = render(
      <UploaderContext.Provider value={fakeContext([beach], { folderErrors: retryable, actions })}>
        <UploadSummary />
      </UploaderContext.Provider>,
    );
    const retry = container.querySelector('.su-summary [data-action="retry"]') as HTMLElement;
    expect(text(retry)).toBe('Retry failed');
    expect(retry.classList.contains('su-button--primary')).toBe(true);
    click(retry);
    // Without ids: the ids of the failed files (none) and the retryable empty folders.
    expect(actions.retry.mock.calls).toEqual([[]]);
  });

  it('no "Retry failed" for a folder the checks refused (a name the server does not allow): it would be refused again', () => {
    const refused = [
      {
        spaceId: beach.spaceId,
        path: '/Photos/Trip/bad\\name',
        error: new UploadError('invalid name', { kind: 'invalid-name' }),
        retryable: false,
      },
    ];
    const { container } = render(
      <UploaderContext.Provider value={fakeContext([beach], { folderErrors: refused })}>
        <UploadSummary />
      </UploaderContext.Provider>,
    );
    expect(text(container.querySelector('.su-summary__status'))).toBe('Finished with errors');
    expect(container.querySelector('.su-summary [data-action="retry"]')).toBeNull();
  });

  it('without it, the same batch is "Done"', () => {
    const { container } = render(
      <UploaderContext.Provider value={fakeContext([beach])}>
        <UploadSummary />
        <FileList />
      </UploaderContext.Provider>,
    );
    expect(text(container.querySelector('.su-summary__status'))).toBe('Done');
    expect(container.querySelector('.su-folder')?.getAttribute('data-status')).toBe('done');
  });
});
