import { describe, expect, it } from 'vitest';
import { UploaderContext } from '../../src/react/context.ts';
import { DropZone } from '../../src/react/DropZone.tsx';
import { FileList } from '../../src/react/FileList.tsx';
import { messagesDe } from '../../src/react/messages-de.ts';
import { UploadErrors } from '../../src/react/UploadErrors.tsx';
import { UploadSummary } from '../../src/react/UploadSummary.tsx';
import { fakeContext, labels, makeItem, quotaError, render, text } from './helpers.tsx';

const items = () => [
  makeItem({
    name: 'bericht.pdf',
    status: 'uploading',
    size: 2_500_000,
    bytesUploaded: 1_250_000,
    speed: 1_500_000,
    timeLeft: 90,
  }),
  makeItem({ name: 'voll.pdf', status: 'failed', error: quotaError() }),
];

function renderAll(
  context: ReturnType<typeof fakeContext>,
  override?: Parameters<typeof UploadSummary>[0]['messages'],
) {
  return render(
    <UploaderContext.Provider value={context}>
      <DropZone messages={override} />
      <UploadSummary messages={override} />
      <FileList messages={override} />
      <UploadErrors messages={override} />
    </UploaderContext.Provider>,
  );
}

describe('messages in the components', () => {
  it('German from the context: every part speaks German', () => {
    const { container } = renderAll(fakeContext(items(), { messages: messagesDe }));
    const all = text(container);
    expect(all).toContain('Dateien oder Ordner hierher ziehen');
    expect(all).toContain('Ordner auswählen');
    // One plain sentence after the title, not the office German of "klicken bzw. die Eingabetaste drücken".
    expect(all).toContain('oder zum Auswählen klicken oder die Eingabetaste drücken');
    expect(all).not.toContain('bzw.');
    expect(all).toContain('Wird hochgeladen …');
    expect(all).toContain('1,3 MB von 2,5 MB');
    expect(all).toContain('1,5 MB/s');
    expect(all).toContain('noch 1 Min. 30 Sek.');
    expect(all).toContain('Speicherplatz voll: Das Kontingent ist ausgeschöpft.');
    expect(all).toContain('Anfrage-ID');
    expect(all).toContain('1 Datei konnte nicht hochgeladen werden');
    expect(labels(container)).toEqual(
      expect.arrayContaining([
        'bericht.pdf pausieren',
        'bericht.pdf abbrechen',
        'voll.pdf erneut hochladen',
        'Details kopieren: voll.pdf',
        'Alle pausieren',
        'Fehlgeschlagene wiederholen',
      ]),
    );
    expect(all).not.toMatch(/Pause|Upload progress|Drop files/);
    expect(container.querySelector('ul[aria-label]')?.getAttribute('aria-label')).toBe('Dateien');
  });

  it('a partial override replaces one string and keeps the rest', () => {
    const { container } = renderAll(fakeContext(items()), {
      pauseAll: 'Hold everything',
      pauseFile: (name) => `Hold ${name}`,
      errors: { quota: 'The space is full.' },
    });
    const buttons = labels(container);
    expect(buttons).toContain('Hold everything');
    expect(buttons).toContain('Hold bericht.pdf');
    expect(buttons).toContain('Cancel all');
    expect(buttons).toContain('Cancel bericht.pdf');
    expect(text(container)).toContain('The space is full.');
    expect(text(container)).toContain('Drop files or folders here');
  });

  it('a partial override over German from the context', () => {
    const { container } = renderAll(fakeContext(items(), { messages: messagesDe }), {
      chooseFolder: 'Verzeichnis wählen',
    });
    expect(text(container)).toContain('Verzeichnis wählen');
    expect(text(container)).toContain('Dateien oder Ordner hierher ziehen');
  });
});
