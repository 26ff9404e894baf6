/**
 * German messages: `import { messagesDe } from 'space-uploader/messages/de'` and pass them as `messages`. Their
 * own entry, so that an app that does not speak German does not ship them.
 */

import type { FileStatus } from '../core/index.js';
import { formatCount, GERMAN_BYTE_UNITS } from './format.js';
import type { SpaceUploaderMessages } from './messages.js';

const de = (n: number) => formatCount(n, 'de');
const percentDe = new Intl.NumberFormat('de', { style: 'percent', maximumFractionDigits: 0 });

export const messagesDe: SpaceUploaderMessages = {
  locale: 'de',
  byteUnits: GERMAN_BYTE_UNITS,
  perSecond: (size) => `${size}/s`,
  durationHours: (n) => `${n} Std.`,
  durationMinutes: (n) => `${n} Min.`,
  durationSeconds: (n) => `${n} Sek.`,
  percent: (n) => percentDe.format(n / 100),
  bytesOf: (uploaded, total) => `${uploaded} von ${total}`,
  sizePending: 'Größe wird gelesen…',
  timeLeft: (_seconds, duration) => `noch ${duration}`,

  dropZoneLabel: 'Dateien zum Hochladen auswählen',
  dropTitle: 'Dateien oder Ordner hierher ziehen',
  dropHint: 'oder zum Auswählen klicken oder die Eingabetaste drücken',
  dropActive: 'Zum Hinzufügen loslassen',
  chooseFolder: 'Ordner auswählen',
  readingDrop: 'Die abgelegten Ordner werden gelesen …',
  filesAdded: (files, emptyFolders) =>
    `${de(files)} ${files === 1 ? 'Datei' : 'Dateien'} hinzugefügt` +
    (emptyFolders > 0 ? `, ${de(emptyFolders)} ${emptyFolders === 1 ? 'leerer Ordner' : 'leere Ordner'}` : ''),
  dropEmpty: 'Es wurde nichts zum Hochladen abgelegt.',
  dropFailed: 'Die abgelegten Elemente konnten nicht gelesen werden.',

  fileListLabel: 'Dateien',
  noFiles: 'Noch keine Dateien',
  fileStatus: {
    queued: 'Wartet',
    preparing: 'Wird vorbereitet',
    uploading: 'Wird hochgeladen',
    paused: 'Pausiert',
    finalizing: 'Wird abgeschlossen',
    done: 'Hochgeladen',
    failed: 'Fehlgeschlagen',
    canceled: 'Abgebrochen',
    skipped: 'Übersprungen',
  },
  progressLabel: (name) => `Fortschritt von ${name}`,
  pauseFile: (name) => `${name} pausieren`,
  resumeFile: (name) => `${name} fortsetzen`,
  cancelFile: (name) => `${name} abbrechen`,
  retryFile: (name) => `${name} erneut hochladen`,
  uploadAgainFile: (name) => `${name} neu hochladen`,
  waitingForSpace: 'Wartet auf freien Speicherplatz',
  savedAs: (newName, oldName) => `Gespeichert als „${newName}“ („${oldName}“ existiert)`,
  replacesExisting: 'Ersetzt die vorhandene Datei (neue Version)',
  caseCollision: (other) => `Unterscheidet sich nur in Groß-/Kleinschreibung von ${other}`,

  summaryLabel: 'Fortschritt beim Hochladen',
  totalProgress: 'Gesamtfortschritt',
  batchStatus: {
    idle: 'Bereit zum Hochladen',
    preparing: 'Wird vorbereitet …',
    uploading: 'Wird hochgeladen …',
    paused: 'Pausiert',
    finalizing: 'Wird abgeschlossen …',
    done: 'Fertig',
    failed: 'Mit Fehlern beendet',
  },
  filesProgress: (done, total) => `${de(done)} von ${de(total)} ${total === 1 ? 'Datei' : 'Dateien'}`,
  statusCount: (status, n) => {
    const one = n === 1;
    const words: Record<FileStatus, string> = {
      queued: 'wartend',
      preparing: 'in Vorbereitung',
      uploading: one ? 'wird hochgeladen' : 'werden hochgeladen',
      paused: 'pausiert',
      finalizing: one ? 'wird abgeschlossen' : 'werden abgeschlossen',
      done: 'hochgeladen',
      failed: 'fehlgeschlagen',
      canceled: 'abgebrochen',
      skipped: 'übersprungen',
    };
    return `${de(n)} ${words[status]}`;
  },
  noUploads: 'Noch nichts zum Hochladen',
  nothingLeft: 'Nichts mehr hochzuladen',
  sizeCounting: (uploaded) => `${uploaded} von … (Dateien werden gezählt)`,
  actionsLabel: 'Aktionen zum Hochladen',
  startUpload: 'Hochladen starten',
  pauseAll: 'Alle pausieren',
  resumeAll: 'Alle fortsetzen',
  cancelAll: 'Alle abbrechen',
  retryFailed: 'Fehlgeschlagene wiederholen',
  clearFinished: 'Abgeschlossene entfernen',
  panelLabel: 'Uploads',
  panelUploading: (files) => `${de(files)} ${files === 1 ? 'Datei wird' : 'Dateien werden'} hochgeladen`,
  panelDone: (done) => `${de(done)} ${done === 1 ? 'Datei' : 'Dateien'} hochgeladen`,
  panelFailed: (failed) => `${de(failed)} ${failed === 1 ? 'Upload' : 'Uploads'} fehlgeschlagen`,
  panelCollapse: 'Liste der Uploads ausblenden',
  panelExpand: 'Liste der Uploads einblenden',
  panelClose: 'Schließen',
  checkingTarget: 'Das Ziel wird geprüft …',
  creatingFolders: (settled, total) => `Ordner werden erstellt: ${de(settled)} von ${de(total)}`,

  announceProgress: (done, total, percent) =>
    `${de(done)} von ${de(total)} ${total === 1 ? 'Datei' : 'Dateien'} hochgeladen, ${percentDe.format(percent / 100)}`,
  announceDone: (total) => (total === 1 ? 'Die Datei wurde hochgeladen' : 'Alle Dateien hochgeladen'),
  announceFailed: (failed) => `${de(failed)} ${failed === 1 ? 'Datei' : 'Dateien'} fehlgeschlagen`,
  announcePaused: 'Hochladen pausiert',

  errorsTitle: (failed) =>
    failed === 1 ? '1 Datei konnte nicht hochgeladen werden' : `${de(failed)} Dateien konnten nicht hochgeladen werden`,
  errors: {
    unauthorized: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an und versuchen Sie es noch einmal.',
    forbidden: 'Sie können hier nicht hochladen.',
    expired: 'Der Upload ist abgelaufen. Versuchen Sie es erneut, um ihn neu zu starten.',
    'not-found': 'Der Zielordner oder der Upload existiert nicht mehr.',
    conflict: 'Ein Ordner mit diesem Namen existiert bereits, oder der Upload wurde auf dem Server verändert.',
    precondition: 'Der übergeordnete Ordner fehlt (oder der Name ist nicht erlaubt).',
    locked: 'Der Ordner ist gesperrt. Versuchen Sie es später erneut.',
    'rate-limited': 'Zu viele Anfragen. Warten Sie einen Moment und versuchen Sie es dann erneut.',
    quota: 'Speicherplatz voll: Das Kontingent ist ausgeschöpft.',
    server: 'Fehler auf dem Server. Versuchen Sie es später erneut.',
    network: 'Die Netzwerkverbindung wurde unterbrochen.',
    invalid: 'Der Server hat die Datei abgelehnt.',
    'invalid-name': 'Dieser Name ist auf dem Server nicht erlaubt.',
    integrity: 'Die Datei kam beschädigt an. Laden Sie sie erneut hoch, um eine neue Kopie zu senden.',
    unreadable: 'Die Datei konnte nicht gelesen werden (verschoben, gelöscht oder nicht mehr zugänglich).',
    aborted: 'Das Hochladen wurde abgebrochen.',
  },
  invalidName: (name, problem) => {
    const shown = `„${name}“`;
    switch (problem) {
      case 'empty':
        return 'Ein Name darf nicht leer sein.';
      case 'dot':
        return `${shown} ist als Name nicht erlaubt.`;
      case 'slash':
        return `${shown} enthält „/“, das nicht Teil eines Namens sein kann.`;
      case 'backslash':
        return `${shown} enthält „\\“, das der Server nicht erlaubt.`;
      case 'control':
        return `${shown} enthält ein Steuerzeichen (etwa einen Zeilenumbruch).`;
      case 'too-long':
        return `${shown} ist länger, als der Server erlaubt (255 Bytes).`;
    }
  },
  errorUnknown: 'Etwas ist schiefgelaufen.',
  httpStatus: (status) => `HTTP ${status}`,
  requestIdLabel: 'Anfrage-ID',
  copyDetails: 'Details kopieren',
  copyDetailsOf: (name) => `Details kopieren: ${name}`,
  copyAllDetails: 'Alle Details kopieren',
  copied: 'Kopiert',
  copyFailed: 'Kopieren nicht möglich. Bitte markieren Sie die Details unten und kopieren Sie sie selbst.',
  moreErrors: (n) => `und ${de(n)} weitere`,
  folderErrorsTitle: (n) =>
    n === 1 ? '1 Ordner konnte nicht angelegt werden' : `${de(n)} Ordner konnten nicht angelegt werden`,
  folderNotCreated: (reason) => `Der Ordner wurde nicht angelegt. ${reason}`,
  detailFields: {
    file: 'Datei',
    folder: 'Ordner',
    path: 'Pfad',
    error: 'Fehler',
    message: 'Meldung',
    status: 'Status',
    requestId: 'Anfrage-ID',
    method: 'Methode',
    url: 'URL',
    time: 'Zeit',
  },

  conflictTitle: (kind, existing, name, folder) =>
    existing === 'folder'
      ? `Ein Ordner „${name}“ existiert bereits in ${folder}`
      : kind === 'folder'
        ? `Eine Datei „${name}“ existiert bereits in ${folder}`
        : `„${name}“ existiert bereits in ${folder}`,
  conflictFileSizes: (existing, incoming) =>
    existing === undefined ? `Neue Datei: ${incoming}` : `Vorhandene Datei: ${existing} · Neue Datei: ${incoming}`,
  conflictFolderContent: (files, size) =>
    `Sie fügen ${de(files)} ${files === 1 ? 'Datei' : 'Dateien'} hinzu (${size}).`,
  conflictReplace: 'Ersetzen',
  conflictReplaceHint: 'Die neue Datei wird die aktuelle Version; die alte bleibt als frühere Version erhalten.',
  conflictKeepBoth: 'Beide behalten',
  conflictKeepBothHint: (kind, example) =>
    `${kind === 'folder' ? 'Der neue Ordner' : 'Die neue Datei'} wird unter dem nächsten freien Namen gespeichert, z. B. „${example}“.`,
  conflictMerge: 'Zusammenführen',
  conflictMergeHint: 'Die Dateien kommen in den vorhandenen Ordner; die Dateien darin werden einzeln geprüft.',
  conflictSkip: 'Überspringen',
  conflictSkipHint: (kind) =>
    kind === 'folder' ? 'Nichts aus diesem Ordner wird hochgeladen.' : 'Diese Datei wird nicht hochgeladen.',
  conflictApplyToAll: (kind, n) =>
    n === 0
      ? `Für weitere ${kind === 'folder' ? 'Ordnerkonflikte' : 'Dateikonflikte'} genauso verfahren`
      : kind === 'folder'
        ? n === 1
          ? 'Für den anderen Ordnerkonflikt genauso verfahren'
          : `Für die ${de(n)} anderen Ordnerkonflikte genauso verfahren`
        : n === 1
          ? 'Für den anderen Dateikonflikt genauso verfahren'
          : `Für die ${de(n)} anderen Dateikonflikte genauso verfahren`,
  conflictCancelUpload: 'Hochladen abbrechen',
  conflictChoices: 'Was soll geschehen?',

  holdNotEnoughSpace: (space, needed, available, missing) =>
    `Nicht genug Speicherplatz in ${space ?? 'diesem Bereich'}: ${needed} benötigt, ${available} frei (${missing} fehlen). Geben Sie Speicherplatz frei und versuchen Sie es dann erneut.`,
  holdSpaceFull: (space) =>
    `${space ?? 'Dieser Bereich'} ist voll. Geben Sie Speicherplatz frei und versuchen Sie es dann erneut.`,
  holdFilesWaiting: (files) => (files === 1 ? '1 Datei wartet.' : `${de(files)} Dateien warten.`),
  holdTryAgain: 'Erneut versuchen',
  holdCancelFiles: 'Diese Dateien abbrechen',

  signInRequired: (files) =>
    `Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an und fahren Sie fort: ${files === 1 ? '1 Upload wird' : `${de(files)} Uploads werden`} dort fortgesetzt, wo ${files === 1 ? 'er' : 'sie'} stehen geblieben ${files === 1 ? 'ist' : 'sind'}.`,
  signInContinue: 'Fortfahren',
  waitingForSignIn: 'Wartet auf Anmeldung',
  restarted: (times) => `${times === 1 ? 'Einmal' : `${de(times)}-mal`} neu begonnen (der Upload-Link war abgelaufen)`,

  interruptedTitle: 'Unterbrochene Uploads',
  interruptedHint: 'Wählen Sie dieselbe Datei erneut aus, um dort fortzufahren, wo sie unterbrochen wurde.',
  interruptedStarted: (when, absolute) => (absolute ? `begonnen am ${when}` : `begonnen ${when}`),
  interruptedForget: 'Vergessen',
  interruptedForgetFile: (name) => `Vergessen: ${name}`,
  interruptedContinue: 'Fortsetzen',
  interruptedContinueFile: (name) => `Fortsetzen: ${name}`,
  interruptedForgetAll: 'Alle vergessen',

  folderFiles: (name) => `Dateien in ${name}`,
  errorGroupFiles: (n) => `${de(n)} ${n === 1 ? 'Datei' : 'Dateien'}`,
  errorGroupFolders: (n) => `${de(n)} Ordner`,
  retryThese: 'Diese wiederholen',
  retryTheseOf: (n) => `Diese wiederholen (${de(n)} Dateien)`,
  uploadTheseAgain: 'Diese neu hochladen',
  uploadTheseAgainOf: (n) => `Diese neu hochladen (${de(n)} Dateien)`,
  copyDetailsOfGroup: (n) => `Details kopieren (${de(n)} ${n === 1 ? 'Eintrag' : 'Einträge'})`,
  showFiles: 'Dateien zeigen',
  pauseFolder: (name) => `${name} pausieren`,
  resumeFolder: (name) => `${name} fortsetzen`,
  cancelFolder: (name) => `${name} abbrechen`,
  retryFolder: (name) => `Fehlgeschlagene Dateien in ${name} wiederholen`,
};
