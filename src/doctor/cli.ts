#!/usr/bin/env node
/** `space-uploader doctor <server-url> --origin <page-origin> …`: exit 0 all good, 1 something to fix, 2 bad usage. */
import { parseDoctorArgs, USAGE } from './args.js';
import { exitCode, formatReport, reportJson, runDoctor } from './index.js';

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseDoctorArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`space-uploader: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const report = await runDoctor(parsed.options);
  process.stdout.write(
    parsed.options.json ? reportJson(report) : formatReport(report, { verbose: parsed.options.verbose }),
  );
  return exitCode(report);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`space-uploader: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
