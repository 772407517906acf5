/**
 * The API report of the published package: for each entry point, every name
 * it exports with its declaration as a user's compiler sees it (the emitted
 * .d.ts, comments left out), then every declaration of the package those
 * reach without exporting it (a field added to a result type shows too).
 * test/e2e/package.test.ts compares it with docs/api-report.md.
 */
import ts from 'typescript';

/** One entry point: its import specifier and its declaration file. */
export interface Entry {
  readonly specifier: string;
  readonly file: string;
}

/** An exported name, whether its declaration has a TSDoc comment, and the declaration itself. */
export interface ExportedName {
  readonly entry: string;
  readonly name: string;
  readonly documented: boolean;
}

/** The report text and the names each entry exports. */
export interface ApiReport {
  readonly text: string;
  readonly names: readonly ExportedName[];
}

/** Code-unit order: the same on every machine, whatever its locale. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

/** The statement to print for a declaration: a variable's whole `declare const` statement. */
const statementOf = (d: ts.Declaration): ts.Node => (ts.isVariableDeclaration(d) ? d.parent.parent : d);

const resolved = (checker: ts.TypeChecker, s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);

/**
 * The API report of the entries in `program`: `inPackage` tells whether a
 * declaration file belongs to the package (its referenced declarations are
 * listed; a dependency's are not).
 */
export function apiReport(program: ts.Program, entries: readonly Entry[], inPackage: (file: string) => boolean): ApiReport {
  const checker = program.getTypeChecker();
  const exported = new Set<ts.Symbol>();
  const names: ExportedName[] = [];
  const sections: string[] = [];
  const pending: ts.Node[] = [];
  const print = (n: ts.Node): string => printer.printNode(ts.EmitHint.Unspecified, n, n.getSourceFile());

  for (const e of entries) {
    const sf = program.getSourceFile(e.file);
    if (!sf) throw new Error(`${e.file} is not in the program`);
    const mod = checker.getSymbolAtLocation(sf);
    if (!mod) throw new Error(`${e.file} is not a module`);
    const lines: string[] = [];
    const exports = checker.getExportsOfModule(mod).sort((a, b) => byText(a.name, b.name));
    for (const s of exports) {
      const target = resolved(checker, s);
      exported.add(target);
      names.push({ entry: e.specifier, name: s.name, documented: ts.displayPartsToString(target.getDocumentationComment(checker)).trim() !== '' });
      for (const d of target.declarations ?? []) {
        const stmt = statementOf(d);
        lines.push(print(stmt));
        pending.push(stmt);
      }
    }
    sections.push(`## ${e.specifier} (${exports.length} names)\n\n\`\`\`ts\n${lines.join('\n')}\n\`\`\``);
  }

  // The package's own declarations the exported ones reach without exporting them.
  const reached = new Map<ts.Symbol, ts.Node[]>();
  const visit = (n: ts.Node): void => {
    const id = ts.isTypeReferenceNode(n)
      ? n.typeName
      : ts.isExpressionWithTypeArguments(n)
        ? n.expression
        : ts.isTypeQueryNode(n)
          ? n.exprName
          : ts.isImportTypeNode(n)
            ? n.qualifier
            : undefined;
    const name = id && (ts.isQualifiedName(id) ? id.right : ts.isPropertyAccessExpression(id) ? id.name : id);
    const sym = name && checker.getSymbolAtLocation(name);
    if (sym) {
      const target = resolved(checker, sym);
      const decls = (target.declarations ?? []).filter((d) => inPackage(d.getSourceFile().fileName) && !ts.isTypeParameterDeclaration(d));
      if (decls.length > 0 && !exported.has(target) && !reached.has(target)) {
        const stmts = decls.map(statementOf);
        reached.set(target, stmts);
        pending.push(...stmts);
      }
    }
    ts.forEachChild(n, visit);
  };
  for (let n = pending.pop(); n; n = pending.pop()) visit(n);
  const others = [...reached.entries()]
    .map(([s, stmts]) => ({ name: s.name, text: stmts.map(print).join('\n') }))
    .sort((a, b) => byText(a.name, b.name) || byText(a.text, b.text))
    .map((o) => o.text);
  sections.push(`## Reached from the entry points, not exported (${others.length})\n\n\`\`\`ts\n${others.join('\n')}\n\`\`\``);

  const head = [
    '# hvspec API report',
    '',
    "The package's public surface as its declaration files give it to a user's",
    'compiler, comments left out. `npm test` (test/e2e/package.test.ts) builds and',
    'packs the package and fails when this file differs; after a deliberate change,',
    '`npm run api:update` rewrites it, and the diff shows the change in review.',
  ].join('\n');
  return { text: `${head}\n\n${sections.join('\n\n')}\n`, names };
}
