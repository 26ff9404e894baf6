/**
 * The declarations an app compiles against (`dist/**\/*.d.ts`) type-check under the strictest options an app may
 * use, with `skipLibCheck` off: `exactOptionalPropertyTypes` once made `SpaceUploaderProps` fail to extend the
 * provider's props in a user's `tsc`. Emits the declarations of the package's entries into a temporary folder,
 * as `npm run build` does, then checks them as an app would.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
// The browser entries (mock/msw and mock/node need msw's and Node's own types).
const ENTRIES = ['core/index', 'react/index', 'react/messages-de', 'mock/index'];
// Inside the project, so that the declarations resolve react and @uppy/* from its node_modules.
const cache = path.join(root, 'node_modules/.cache');
mkdirSync(cache, { recursive: true });
const out = mkdtempSync(path.join(cache, 'su-dts-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function emitDeclarations(): void {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.build.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(
    ENTRIES.map((entry) => path.join(root, 'src', `${entry}.ts`)),
    {
      ...options,
      outDir: out,
      rootDir: path.join(root, 'src'),
      declaration: true,
      emitDeclarationOnly: true,
      noCheck: true,
    },
  );
  const result = program.emit();
  if (result.emitSkipped) throw new Error('declarations were not emitted');
}

function consumerErrors(): string[] {
  const program = ts.createProgram(
    ENTRIES.map((entry) => path.join(out, `${entry}.d.ts`)),
    {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: false,
      noEmit: true,
      target: ts.ScriptTarget.ESNext,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      jsx: ts.JsxEmit.ReactJSX,
      lib: ['lib.esnext.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      types: [],
    },
  );
  // Only our files' diagnostics: checking React's and Uppy's declarations too would only cost time.
  return program
    .getSourceFiles()
    .filter((file) => file.fileName.startsWith(out))
    .flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)])
    .map(
      (d) => `${path.relative(out, d.file?.fileName ?? '')}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    );
}

describe('declarations in a strict app', () => {
  it('type-check with exactOptionalPropertyTypes and skipLibCheck off', () => {
    emitDeclarations();
    expect(consumerErrors()).toEqual([]);
  }, 60_000);
});
