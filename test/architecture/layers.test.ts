import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, reachable } from '../support/import-graph';

const ROOT = join(__dirname, '../..');
const { edges, runtimeEdges, packages, runtimePackages } = importGraph(ROOT, 'src');
const GRAPHQL_PACKAGES = /^(graphql|type-graphql|graphql-[\w-]+|@apollo\/[\w-]+)(\/|$)/;

describe('the import graph of src/', () => {
  it('has no import cycle (type-only imports included), nor has bench/', () => {
    expect(importCycles(edges)).toEqual([]);
    expect(importCycles(new Map([...edges, ...importGraph(ROOT, 'bench').edges]))).toEqual([]);
  });

  it('finds the cycles it is meant to find', () => {
    const looped = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(importCycles(looped)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('keeps the feature-free plumbing free of features and of the composition root', () => {
    const plumbing = [...edges.keys()].filter((f) => /^src\/(core|db|graphql|auth|http)\//.test(f));
    expect(plumbing.length).toBeGreaterThan(10);
    const offending = plumbing.flatMap((file) =>
      edges.get(file)!.filter((to) => /^src\/(modules|composition|seed|cli)\//.test(to)).map((to) => `${file} -> ${to}`),
    );
    expect(offending).toEqual([]);
  });

  const services = [...edges.keys()].filter((f) => /^src\/modules\/[^/]+\/[^/]+\.service\.ts$/.test(f));
  const isGraphQLFile = (file: string) => /^src\/(graphql|composition)\//.test(file) || /\.(type|inputs|resolver)\.ts$/.test(file);

  it('has services that import nothing of GraphQL, not even a type', () => {
    expect(services.length).toBeGreaterThan(15);
    const offending = services.flatMap((service) => [
      ...edges.get(service)!.filter(isGraphQLFile).map((file) => `${service} -> ${file}`),
      ...packages.get(service)!.filter((p) => GRAPHQL_PACKAGES.test(p)).map((p) => `${service} -> ${p}`),
    ]);
    expect(offending).toEqual([]);
  });

  it('has services that load no GraphQL code through what they import', () => {
    const offending = services.flatMap((service) =>
      [...reachable(runtimeEdges, service)].flatMap((file) => [
        ...(isGraphQLFile(file) ? [`${service} loads ${file}`] : []),
        ...runtimePackages.get(file)!.filter((p) => GRAPHQL_PACKAGES.test(p)).map((p) => `${service} loads ${p} through ${file}`),
      ]),
    );
    expect([...new Set(offending)]).toEqual([]);
  });
});
