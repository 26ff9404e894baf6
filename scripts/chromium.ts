/**
 * Debian's Chromium and the flags it needs here (no sandbox as root; no background traffic on a closed network).
 * Browsers are never downloaded: `CHROMIUM_PATH` overrides the path.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
