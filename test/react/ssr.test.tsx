// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { UploaderContext } from '../../src/react/context.ts';
import { DropZone } from '../../src/react/DropZone.tsx';
import { FileList } from '../../src/react/FileList.tsx';
import { UploadErrors } from '../../src/react/UploadErrors.tsx';
import { UploadSummary } from '../../src/react/UploadSummary.tsx';
import { fakeContext, makeItem, quotaError } from './helpers.tsx';

const items = [
  makeItem({ name: 'a.txt', status: 'uploading', bytesUploaded: 500_000, speed: 100_000, timeLeft: 5 }),
  makeItem({ name: 'b.txt', status: 'failed', error: quotaError() }),
  makeItem({ name: 'c.txt', status: 'done', bytesUploaded: 1_000_000 }),
];

describe('server rendering (no window, no document)', () => {
  let consoleError: MockInstance;
  beforeEach(() => {
    consoleError = vi.spyOn(console, 'error');
  });
  afterEach(() => {
    // No warnings either (e.g. about layout effects on the server).
    expect(consoleError).not.toHaveBeenCalled();
    consoleError.mockRestore();
  });

  it('runs without DOM globals', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('renders every part inside a provider', () => {
    const html = renderToString(
      <UploaderContext.Provider value={fakeContext(items)}>
        <DropZone />
        <UploadSummary />
        <FileList />
        <UploadErrors />
      </UploaderContext.Provider>,
    );
    expect(html).toContain('Drop files or folders here');
    expect(html).toContain('webkitdirectory');
    expect(html).toContain('Uploading…');
    expect(html).toContain('aria-label="Pause a.txt"');
    expect(html).toContain('Quota exceeded: the space is full.');
    expect(html).toContain('req-507-abc');
    expect(html).toContain('aria-live="polite"');
  });

  it('renders each part alone, without a provider', () => {
    expect(renderToString(<DropZone onFiles={() => {}} />)).toContain('su-dropzone');
    expect(renderToString(<FileList items={items} />)).toContain('a.txt');
    expect(renderToString(<FileList />)).toContain('No files yet');
    expect(renderToString(<UploadSummary />)).toContain('Nothing to upload yet');
    expect(renderToString(<UploadErrors items={items} />)).toContain('b.txt');
  });

  it('renders only the first screen of a 10,000-row list', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => makeItem({ name: `f${i}` }));
    const html = renderToString(<FileList items={many} />);
    const rows = html.match(/<li /g) ?? [];
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(html).toContain('aria-setsize="10000"');
  });
});
