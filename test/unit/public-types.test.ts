/**
 * Every type that a public signature names is itself public: a user can name what they pass and get back
 * (`listFolder`'s options, `addFiles`' options, a prop's action set) without reaching into `dist/` files. Walks
 * the exports of the package's entries with the TypeScript compiler: parameters, return types (written or
 * inferred), properties, and the members of the types they name, transitively.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const src = path.join(root, 'src');
/** The package's entries (package.json `exports`); a type public in one is public for all. */
const ENTRIES = [
  'core/index.ts',
  'react/index.ts',
  'react/messages-de.ts',
  'mock/index.ts',
  'mock/msw.ts',
  'mock/node.ts',
];

function unexportedTypes(): string[] {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const program = ts.createProgram(
    ENTRIES.map((entry) => path.join(src, entry)),
    { ...options, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const target = (symbol: ts.Symbol) =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;

  const exported = new Set<ts.Symbol>();
  for (const entry of ENTRIES) {
    const file = program.getSourceFile(path.join(src, entry));
    const module = file && checker.getSymbolAtLocation(file);
    if (!module) throw new Error(`no module for ${entry}`);
    for (const symbol of checker.getExportsOfModule(module)) exported.add(target(symbol));
  }

  const missing = new Map<string, string>();
  const seen = new Set<ts.Symbol>();
  const seenTypes = new Set<ts.Type>();

  // A type the compiler inferred (a return type nobody wrote down): its named parts.
  const visitType = (type: ts.Type, from: string): void => {
    if (seenTypes.has(type)) return;
    seenTypes.add(type);
    const named = type.aliasSymbol ?? type.getSymbol();
    if (named) visitSymbol(named, from);
    for (const argument of type.aliasTypeArguments ?? []) visitType(argument, from);
    if (type.isUnionOrIntersection()) for (const part of type.types) visitType(part, from);
    if (type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference)
      for (const argument of checker.getTypeArguments(type as ts.TypeReference)) visitType(argument, from);
  };

  // Written types: every name they reference.
  const visitNode = (node: ts.Node, from: string): void => {
    const name = ts.isTypeReferenceNode(node)
      ? node.typeName
      : ts.isExpressionWithTypeArguments(node)
        ? node.expression
        : ts.isTypeQueryNode(node)
          ? node.exprName
          : undefined;
    const symbol = name && checker.getSymbolAtLocation(name);
    if (symbol) visitSymbol(target(symbol), from);
    ts.forEachChild(node, (child) => visitNode(child, from));
  };

  const visitSignature = (declaration: ts.SignatureDeclaration, from: string): void => {
    for (const parameter of declaration.parameters) if (parameter.type) visitNode(parameter.type, from);
    for (const parameter of declaration.typeParameters ?? []) visitNode(parameter, from);
    if (declaration.type) visitNode(declaration.type, from);
    else {
      const signature = checker.getSignatureFromDeclaration(declaration);
      if (signature) visitType(checker.getReturnTypeOfSignature(signature), from);
    }
  };

  const visitSymbol = (symbol: ts.Symbol, from: string): void => {
    if (seen.has(symbol)) return;
    seen.add(symbol);
    for (const declaration of symbol.declarations ?? []) {
      const file = declaration.getSourceFile().fileName;
      // Types of React, Uppy, the DOM: theirs to export.
      if (!file.startsWith(src + path.sep)) continue;
      const isType =
        ts.isInterfaceDeclaration(declaration) ||
        ts.isTypeAliasDeclaration(declaration) ||
        ts.isClassDeclaration(declaration) ||
        ts.isEnumDeclaration(declaration);
      if (isType && !exported.has(symbol)) missing.set(`${symbol.name} (${path.relative(root, file)})`, from);
      if (
        ts.isFunctionDeclaration(declaration) ||
        ts.isFunctionExpression(declaration) ||
        ts.isArrowFunction(declaration) ||
        ts.isMethodSignature(declaration)
      ) {
        visitSignature(declaration, symbol.name);
      } else if (ts.isVariableDeclaration(declaration)) {
        const init = declaration.initializer;
        if (declaration.type) visitNode(declaration.type, symbol.name);
        else if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) visitSignature(init, symbol.name);
        else visitType(checker.getTypeAtLocation(declaration), symbol.name);
      } else if (ts.isClassDeclaration(declaration)) {
        for (const clause of declaration.heritageClauses ?? []) visitNode(clause, symbol.name);
        for (const member of declaration.members) {
          const hidden = ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected);
          if (hidden) continue;
          if (ts.isPropertyDeclaration(member) && member.type) visitNode(member.type, symbol.name);
          if (ts.isMethodDeclaration(member) || ts.isConstructorDeclaration(member))
            visitSignature(member, symbol.name);
        }
      } else if (isType) {
        visitNode(declaration, symbol.name);
      }
    }
  };

  for (const symbol of exported) visitSymbol(symbol, '(entry)');
  return [...missing].map(([type, from]) => `${type}, named by ${from}`).sort();
}

describe('public types', () => {
  it('every type a public signature names is exported from an entry', () => {
    expect(unexportedTypes()).toEqual([]);
  });
});
