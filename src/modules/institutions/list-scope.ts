import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { ListScope } from '../../auth/policy';

/** `column` names an institution in the subtree at `path` (paths are materialised: `/1/4/`). */
export const inSubtree = (column: SQLiteColumn, path: string): SQL =>
  sql`${column} IN (SELECT "id" FROM "institutions" WHERE "path" LIKE ${`${path}%`})`;

/**
 * A list's rows a `ListScope` admits: `institution` is the column the list
 * is scoped by, `learner` the column naming whose own row it is (a LEARNER's
 * lists; absent when the list holds nobody's own rows, so a LEARNER sees none).
 */
export function scopeCondition(scope: ListScope, columns: { institution: SQLiteColumn; learner?: SQLiteColumn }): SQL | undefined {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'subtree':
      return inSubtree(columns.institution, scope.path);
    case 'learner':
      if (!columns.learner) return sql`1 = 0`;
      return and(eq(columns.learner, scope.learnerId), scope.path === undefined ? undefined : inSubtree(columns.institution, scope.path));
    case 'none':
      return sql`1 = 0`;
  }
}
