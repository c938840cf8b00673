import { isBuiltin } from 'node:module';
import { posix } from 'node:path';
import ts from 'typescript';

/**
 * The architecture rule, checked as a pure function over `{ 'src/…/x.ts': text }`:
 * core folders never import the edge (Node built-ins and the folders that do I/O),
 * and no two folders depend on each other, directly or round a longer loop.
 */

/** Pure folders: no I/O, no Node built-ins. `app` may not exist yet. */
export const CORE: readonly string[] = ['analysis', 'api', 'app', 'calibration', 'engine', 'input', 'model', 'report', 'results', 'runner', 'scenario'];
/** Folders that may touch the outside world. */
export const EDGE: readonly string[] = ['bench', 'cli', 'io', 'node', 'parallel'];

/** One module specifier found in a file. */
export interface ImportRef {
  readonly file: string;
  readonly specifier: string;
  readonly line: number;
  /** `import type`, `export type`, every named binding marked `type`, or `import('x')` in a type position: erased at compile time. */
  readonly typeOnly: boolean;
  /** `import('x')` as an expression. */
  readonly dynamic: boolean;
}

/** A specifier the checker cannot place (computed `import(x)`, `#alias`, absolute path or URL). */
export interface Unreadable {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** Every static, dynamic and type-only module specifier in one TypeScript file, in source order. */
export function extractImports(file: string, text: string): { imports: ImportRef[]; unreadable: Unreadable[] } {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const imports: ImportRef[] = [];
  const unreadable: Unreadable[] = [];
  const lineOf = (node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const add = (node: ts.Node, spec: ts.Node | undefined, typeOnly: boolean, dynamic: boolean): void => {
    if (spec !== undefined && (ts.isStringLiteral(spec) || ts.isNoSubstitutionTemplateLiteral(spec))) {
      imports.push({ file, specifier: spec.text, line: lineOf(node), typeOnly, dynamic });
    } else {
      unreadable.push({ file, line: lineOf(node), text: node.getText(sf).replace(/\s+/g, ' ') });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedAreTypes =
        clause !== undefined && clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier, clause !== undefined && (clause.isTypeOnly || allNamedAreTypes), false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      const named = node.exportClause;
      const allNamedAreTypes = named !== undefined && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      add(node, node.moduleSpecifier, node.isTypeOnly || allNamedAreTypes, false);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly, false);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      add(node, ts.isLiteralTypeNode(arg) ? arg.literal : undefined, true, false);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], false, true);
    }
    // A bare `require` does not exist in ES modules; getting one needs node:module, which is caught above.
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { imports, unreadable };
}

/** Where a specifier points: a Node built-in, a file under src/ (with its top folder), a package, or somewhere the checker cannot place. */
export type Target =
  | { readonly kind: 'builtin' }
  | { readonly kind: 'src'; readonly folder: string }
  | { readonly kind: 'package' }
  | { readonly kind: 'outside'; readonly path: string }
  | { readonly kind: 'unknown' };

/** The top folder of a path under src/, or '' for a file directly in src/. */
export const folderOf = (path: string): string => {
  const parts = path.split('/');
  return parts.length >= 3 ? parts[1]! : '';
};

export function resolveTarget(fromFile: string, specifier: string): Target {
  if (specifier.startsWith('node:') || isBuiltin(specifier)) return { kind: 'builtin' };
  if (specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../')) {
    const path = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
    return path.startsWith('src/') ? { kind: 'src', folder: folderOf(path) } : { kind: 'outside', path };
  }
  if (specifier.startsWith('#') || specifier.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return { kind: 'unknown' };
  return { kind: 'package' };
}

/** One folder-to-folder import, kept as an example for a cycle's arrow. */
export interface FolderEdge {
  readonly from: string;
  readonly to: string;
  readonly file: string;
  readonly specifier: string;
  readonly typeOnly: boolean;
}

/** A loop of folders, first folder repeated at the end, with every import along each arrow. */
export interface Cycle {
  readonly folders: readonly string[];
  readonly arrows: readonly (readonly FolderEdge[])[];
}

export interface ArchReport {
  /** Checked files. */
  readonly files: number;
  /** Imports found (all kinds). */
  readonly imports: number;
  /** Runtime imports of the edge from the core, one line each, sorted. */
  readonly forbidden: readonly string[];
  /** Type-only imports of the edge from the core: also forbidden, listed apart because they are cheaper to move. */
  readonly forbiddenTypeOnly: readonly string[];
  /** Folder cycles, each canonical (starting at its alphabetically first folder), sorted. */
  readonly cycles: readonly Cycle[];
  /** Files in folders that are neither core nor edge, and specifiers the checker cannot place. */
  readonly unchecked: readonly string[];
}

/** At most this many elementary cycles are listed; a denser tangle is reported as truncated. */
export const MAX_CYCLES = 200;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const edgeOrder = (a: FolderEdge, b: FolderEdge): number =>
  Number(a.typeOnly) - Number(b.typeOnly) || byText(a.file, b.file) || byText(a.specifier, b.specifier);

/** Checks the architecture of a set of source files keyed by their path from the repository root (`src/model/a.ts`). */
export function checkArchitecture(files: Readonly<Record<string, string>>): ArchReport {
  const core = new Set(CORE);
  const edge = new Set(EDGE);
  const forbidden = new Set<string>();
  const forbiddenTypeOnly = new Set<string>();
  const unchecked = new Set<string>();
  const edges = new Map<string, Map<string, FolderEdge[]>>();
  let checked = 0;
  let count = 0;

  for (const file of Object.keys(files).sort(byText)) {
    if (!file.startsWith('src/') || !file.endsWith('.ts')) continue;
    checked++;
    const from = folderOf(file);
    const isCore = core.has(from);
    if (!isCore && !edge.has(from)) {
      unchecked.add(
        from === ''
          ? `${file} is directly in src/, outside every folder: move it into a core or edge folder`
          : `${file} is in folder ${from}, which is neither core nor edge: add it to CORE or EDGE in test/_imports.ts`,
      );
    }
    const { imports, unreadable } = extractImports(file, files[file]!);
    count += imports.length;
    for (const u of unreadable) unchecked.add(`${file}:${u.line} has an import the checker cannot read: ${u.text}`);
    for (const imp of imports) {
      const target = resolveTarget(file, imp.specifier);
      if (target.kind === 'unknown') {
        unchecked.add(`${file}:${imp.line} imports ${imp.specifier}, which the checker cannot place`);
      } else if (target.kind === 'outside') {
        unchecked.add(`${file}:${imp.line} imports ${imp.specifier}, which is outside src/ (${target.path})`);
      }
      const toEdge = target.kind === 'builtin' || (target.kind === 'src' && edge.has(target.folder));
      if (isCore && toEdge) {
        if (imp.typeOnly) forbiddenTypeOnly.add(`${file} imports ${imp.specifier} (edge, type-only) from the core`);
        else forbidden.add(`${file} imports ${imp.specifier} (edge) from the core`);
      }
      if (target.kind === 'src' && target.folder !== from) {
        const row = edges.get(from) ?? new Map<string, FolderEdge[]>();
        edges.set(from, row);
        const list = row.get(target.folder) ?? [];
        row.set(target.folder, list);
        list.push({ from, to: target.folder, file, specifier: imp.specifier, typeOnly: imp.typeOnly });
      }
    }
  }
  for (const row of edges.values()) for (const list of row.values()) list.sort(edgeOrder);

  return {
    files: checked,
    imports: count,
    forbidden: [...forbidden].sort(byText),
    forbiddenTypeOnly: [...forbiddenTypeOnly].sort(byText),
    cycles: elementaryCycles(edges),
    unchecked: [...unchecked].sort(byText),
  };
}

/**
 * Every elementary cycle of the folder graph. Each is found once, from its
 * alphabetically first folder, visiting only later folders (the classic
 * small-graph enumeration; a dozen folders make this instant).
 */
function elementaryCycles(edges: ReadonlyMap<string, ReadonlyMap<string, readonly FolderEdge[]>>): Cycle[] {
  const next = (f: string): string[] => [...(edges.get(f)?.keys() ?? [])].sort(byText);
  const cycles: Cycle[] = [];
  const starts = [...edges.keys()].sort(byText);
  for (const start of starts) {
    const path = [start];
    const onPath = new Set(path);
    const walk = (at: string): void => {
      for (const to of next(at)) {
        if (cycles.length > MAX_CYCLES) return;
        if (to === start) {
          const folders = [...path, start];
          cycles.push({ folders, arrows: folders.slice(1).map((f, i) => edges.get(folders[i]!)!.get(f)!) });
        } else if (to > start && !onPath.has(to)) {
          path.push(to);
          onPath.add(to);
          walk(to);
          onPath.delete(to);
          path.pop();
        }
      }
    };
    walk(start);
  }
  return cycles.sort((a, b) => byText(a.folders.join(' '), b.folders.join(' ')));
}

/** `model -> engine -> model`, then one example import per arrow, the runtime one first. */
export function formatCycle(c: Cycle): string {
  const lines = [c.folders.join(' -> ')];
  for (const arrow of c.arrows) {
    const e = arrow[0]!;
    const more = arrow.length > 1 ? ` (+${arrow.length - 1} more)` : '';
    lines.push(`  ${e.from} -> ${e.to}: ${e.file} imports ${e.specifier}${e.typeOnly ? ' (type-only)' : ''}${more}`);
  }
  return lines.join('\n');
}

/** The whole report as text for a developer, or '' when the architecture holds. */
export function formatReport(r: ArchReport): string {
  const sections: string[] = [];
  if (r.forbidden.length > 0) sections.push(`Core files importing the edge (${r.forbidden.length}):\n${r.forbidden.join('\n')}`);
  if (r.forbiddenTypeOnly.length > 0) sections.push(`Core files importing types from the edge (${r.forbiddenTypeOnly.length}):\n${r.forbiddenTypeOnly.join('\n')}`);
  if (r.cycles.length > 0) {
    const head = r.cycles.length > MAX_CYCLES ? `more than ${MAX_CYCLES}, first ${MAX_CYCLES} shown` : `${r.cycles.length}`;
    sections.push(`Folder cycles (${head}):\n${r.cycles.slice(0, MAX_CYCLES).map(formatCycle).join('\n')}`);
  }
  if (r.unchecked.length > 0) sections.push(`Not checkable (${r.unchecked.length}):\n${r.unchecked.join('\n')}`);
  return sections.join('\n\n');
}
