import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './support/paths';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';

/** The client contract's operations, copied from ../shared/contract into this repo (read at run time, not compiled). */
export const CONTRACT_DIR = join(REPO_ROOT, 'test/contract/operations');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return name.endsWith('.graphql') && name !== 'inputs.graphql' ? [path] : [];
  });
}

/** Every named operation of the contract; `op(name)` gives it with every fragment it reaches, as a document string. */
export function loadContractOperations(dir = CONTRACT_DIR) {
  const definitions: DefinitionNode[] = files(dir).flatMap((f) => parse(readFileSync(f, 'utf8')).definitions);
  const fragments = new Map(
    definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  const operations = new Map(
    definitions
      .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && !!d.name)
      .map((o) => [o.name!.value, o]),
  );
  const op = (name: string): string => {
    const operation = operations.get(name);
    if (!operation) throw new Error(`No contract operation named ${name}`);
    const used = new Set<string>();
    const collect = (node: DefinitionNode) =>
      visit(node, {
        FragmentSpread: (spread) => {
          if (!used.has(spread.name.value)) {
            used.add(spread.name.value);
            collect(fragments.get(spread.name.value)!);
          }
        },
      });
    collect(operation);
    return [operation, ...[...used].map((n) => fragments.get(n)!)].map((d) => print(d)).join('\n\n');
  };
  return { names: () => [...operations.keys()], op };
}
