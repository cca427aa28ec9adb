import DataLoader from 'dataloader';
import type { Page, PageArgs } from './paginate';

/** A request for one parent's page of a nested list: the parent (its row) and the field's arguments. */
export interface PageKey<P extends { id: number }, A extends PageArgs> {
  parent: P;
  args: A;
}

/**
 * A per-request loader for a list nested under a list (a series' sessions,
 * an institution's cohorts): the pages asked with the same arguments load
 * together through `load(parents, args)`, which answers a page, or an
 * error (a parent out of the viewer's scope), per parent.
 */
export function pageLoader<P extends { id: number }, T, A extends PageArgs = PageArgs>(load: (parents: P[], args: A) => (Page<T> | Error)[] | Promise<(Page<T> | Error)[]>) {
  return new DataLoader<PageKey<P, A>, Page<T>, string>(
    async (keys) => {
      const groups = new Map<string, { args: A; at: number[] }>();
      keys.forEach((key, at) => {
        const group = groups.get(argsKey(key.args)) ?? { args: key.args, at: [] };
        group.at.push(at);
        groups.set(argsKey(key.args), group);
      });
      const pages: (Page<T> | Error)[] = new Array(keys.length);
      for (const { args, at } of groups.values()) {
        try {
          const loaded = await load(at.map((i) => keys[i].parent), args);
          at.forEach((i, n) => (pages[i] = loaded[n]));
        } catch (error) {
          for (const i of at) pages[i] = error as Error;
        }
      }
      return pages;
    },
    { cacheKeyFn: (key) => `${key.parent.id}:${argsKey(key.args)}` },
  );
}

const argsKey = (args: object) => JSON.stringify(Object.entries(args).filter(([, v]) => v != null).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Per parent of a batch: `compute` over the parents `allowed` admits (one
 * statement for all of them), the refusal for the others.
 */
export async function forAllowed<P, R>(parents: P[], allowed: (parent: P) => boolean, compute: (admitted: P[]) => R[] | Promise<R[]>, refusal: () => Error): Promise<(R | Error)[]> {
  const admitted = parents.filter(allowed);
  const results = admitted.length ? await compute(admitted) : [];
  let next = 0;
  return parents.map((p) => (allowed(p) ? results[next++] : refusal()));
}
