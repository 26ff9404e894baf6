/** The doctor's findings: one check per line (✓ works, ✗ must change, ! works with a cost), text or JSON. */

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check {
  /** Stable id for scripts, e.g. `cors.tus-create`. */
  id: string;
  status: CheckStatus;
  /** What was found, in plain words. */
  title: string;
  /** More of what was seen (allowed and refused headers, readable response headers). */
  details?: string[];
  /** What to change on the server (or in the integration). */
  fix?: string;
  /** HTTP status and X-Request-Id of the request that shows it, to find it in the server's log. */
  httpStatus?: number;
  requestId?: string;
}

export interface DoctorReport {
  server: string;
  origin: string;
  /** `OpenCloud`, `Infinite Scale`, … from the capabilities, when they answered. */
  product?: string;
  /** What the library will use: tus, or a plain WebDAV PUT. */
  transfer?: 'tus' | 'put';
  checks: Check[];
  /** No check failed. */
  ok: boolean;
}

export const SYMBOLS: Record<CheckStatus, string> = { ok: '✓', warn: '!', fail: '✗' };

export function makeReport(fields: Omit<DoctorReport, 'ok'>): DoctorReport {
  return { ...fields, ok: fields.checks.every((c) => c.status !== 'fail') };
}

/** 0 when everything the library needs works, 1 otherwise. */
export const exitCode = (report: DoctorReport): 0 | 1 => (report.ok ? 0 : 1);

/** The human report: a header, one line per check (details and fix indented below it), a summary. */
export function formatReport(report: DoctorReport, options: { verbose?: boolean } = {}): string {
  const lines = [`space-uploader doctor: ${report.server} from origin ${report.origin}`];
  for (const check of report.checks) {
    const where = [
      check.httpStatus ? `HTTP ${check.httpStatus}` : '',
      check.requestId ? `X-Request-Id ${check.requestId}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`${SYMBOLS[check.status]} ${check.title}${where ? ` (${where})` : ''}`);
    if (options.verbose || check.status !== 'ok') for (const detail of check.details ?? []) lines.push(`    ${detail}`);
    if (check.fix && check.status !== 'ok') lines.push(`    fix: ${check.fix}`);
  }
  const count = (status: CheckStatus) => report.checks.filter((c) => c.status === status).length;
  const fails = count('fail');
  const warns = count('warn');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    fails === 0
      ? `All the library needs works${warns ? ` (${plural(warns, 'warning')})` : ''}.`
      : `${plural(fails, 'problem')} to fix${warns ? `, ${plural(warns, 'warning')}` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}

/** The machine-readable report (`--json`). */
export const reportJson = (report: DoctorReport): string => `${JSON.stringify(report, null, 2)}\n`;
