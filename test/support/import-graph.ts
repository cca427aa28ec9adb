import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Every `.ts` file under `dir`. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

export interface ImportGraph {
  /** File (repo-relative) → the project files it imports, type-only imports included. */
  edges: Map<string, string[]>;
  /** The same without type-only imports: what loading the file loads. */
  runtimeEdges: Map<string, string[]>;
  /** File → the bare package specifiers it imports (`graphql`, `type-graphql`, ...), type-only included. */
  packages: Map<string, string[]>;
  runtimePackages: Map<string, string[]>;
}

/** Module specifiers of a file's imports and re-exports, each marked type-only or not. */
function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = !!clause && (clause.isTypeOnly || (!clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      found.push({ specifier: statement.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      found.push({ specifier: statement.moduleSpecifier.text, typeOnly: statement.isTypeOnly });
    }
  }
  return found;
}

/** The import graph of the files under `dir`, resolved the way the compiler resolves them. */
export function importGraph(root: string, dir: string): ImportGraph {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 };
  const host = ts.createCompilerHost(options);
  const graph: ImportGraph = { edges: new Map(), runtimeEdges: new Map(), packages: new Map(), runtimePackages: new Map() };
  for (const file of sourceFiles(join(root, dir))) {
    const name = relative(root, file);
    for (const map of Object.values(graph)) map.set(name, []);
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (!specifier.startsWith('.')) {
        graph.packages.get(name)!.push(specifier);
        if (!typeOnly) graph.runtimePackages.get(name)!.push(specifier);
        continue;
      }
      const resolved = ts.resolveModuleName(specifier, file, options, host).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) continue;
      graph.edges.get(name)!.push(relative(root, resolved.resolvedFileName));
      if (!typeOnly) graph.runtimeEdges.get(name)!.push(relative(root, resolved.resolvedFileName));
    }
  }
  return graph;
}

/** The import cycles of a graph (Tarjan's strongly connected components of more than one file, or a file importing itself). */
export function importCycles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowlinks = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    lowlinks.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        lowlinks.set(node, Math.min(lowlinks.get(node)!, lowlinks.get(next)!));
      } else if (onStack.has(next)) {
        lowlinks.set(node, Math.min(lowlinks.get(node)!, indices.get(next)!));
      }
    }
    if (lowlinks.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (edges.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}

/** Every file reachable from `start` (itself included). */
export function reachable(edges: Map<string, string[]>, start: string): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length) for (const next of edges.get(queue.pop()!) ?? []) if (!seen.has(next)) seen.add(next), queue.push(next);
  return seen;
}
