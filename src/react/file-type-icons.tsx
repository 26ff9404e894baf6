/** A small icon per kind of file (by MIME type, else by extension), drawn inline like the other icons. */
import type { ReactNode } from 'react';

export type FileKind =
  | 'image'
  | 'video'
  | 'audio'
  | 'pdf'
  | 'archive'
  | 'spreadsheet'
  | 'presentation'
  | 'document'
  | 'code'
  | 'file';

const BY_EXTENSION: Record<string, FileKind> = {
  pdf: 'pdf',
  zip: 'archive',
  gz: 'archive',
  tgz: 'archive',
  '7z': 'archive',
  rar: 'archive',
  tar: 'archive',
  xls: 'spreadsheet',
  xlsx: 'spreadsheet',
  ods: 'spreadsheet',
  csv: 'spreadsheet',
  ppt: 'presentation',
  pptx: 'presentation',
  odp: 'presentation',
  key: 'presentation',
  doc: 'document',
  docx: 'document',
  odt: 'document',
  rtf: 'document',
  txt: 'document',
  md: 'document',
  js: 'code',
  ts: 'code',
  tsx: 'code',
  json: 'code',
  html: 'code',
  css: 'code',
  py: 'code',
  sh: 'code',
  xml: 'code',
  yaml: 'code',
  yml: 'code',
};

export function fileKind(name: string, type: string): FileKind {
  const major = type.split('/')[0];
  if (major === 'image' || major === 'video' || major === 'audio') return major;
  if (type === 'application/pdf') return 'pdf';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (/^(jpe?g|png|gif|webp|avif|heic|bmp|svg|tiff?)$/.test(ext)) return 'image';
  if (/^(mp4|mov|mkv|webm|avi)$/.test(ext)) return 'video';
  if (/^(mp3|wav|flac|ogg|m4a)$/.test(ext)) return 'audio';
  return BY_EXTENSION[ext] ?? 'file';
}

// A page with a folded corner; each kind adds its mark inside.
const PAGE = 'M6 2.5h8.5L19 7v14.5H6z';
const MARK: Record<FileKind, ReactNode> = {
  image: <path d="M8.5 18l3-4 2 2.5 1.5-2 2 3.5z" fill="currentColor" stroke="none" />,
  video: <path d="M10 11v6l5-3z" fill="currentColor" stroke="none" />,
  audio: <path d="M11 17.5a1.5 1.5 0 1 1 0-.1V10.5l4.5-1v2" />,
  pdf: <path d="M9 12h7M9 15h7M9 18h4" />,
  archive: <path d="M12.5 3v2M12.5 7v2M12.5 11v2M11 14h3v3h-3z" />,
  spreadsheet: <path d="M9 11h7v7H9zM9 14.5h7M12.5 11v7" />,
  presentation: <path d="M9 11h7v5H9zM12.5 16v2.5" />,
  document: <path d="M9 11h7M9 14h7M9 17h5" />,
  code: <path d="M11 12l-2 2.5 2 2.5M14 12l2 2.5-2 2.5" />,
  file: null,
};

/** Decorative: the row's text says what the file is. */
export function FileTypeIcon({ kind }: { kind: FileKind }) {
  return (
    <svg
      className={`su-file-type su-file-type--${kind}`}
      viewBox="0 0 24 24"
      width="24"
      height="24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinejoin="round"
      strokeLinecap="round"
    >
      <path d={PAGE} />
      <path d="M14.5 2.5V7H19" />
      {MARK[kind]}
    </svg>
  );
}
