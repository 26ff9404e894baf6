/** The machine line every result table carries. */
import { cpus, totalmem } from 'node:os';
import type { Browser } from 'playwright-core';

export function machineLine(browser: Browser | undefined): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  const ram = `${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM`;
  const chromium = browser ? `Chromium ${browser.version()}` : 'Chromium not started';
  return `${cores.length} cores (${model}), ${ram}, Node ${process.version}, ${chromium}, ${process.platform} ${process.arch}`;
}
