import type BetterSqlite3 from 'better-sqlite3';

/**
 * Tables small by nature (one row per institution, competency, position,
 * rule or series; hundreds nationally), which a plan may scan. Every other
 * table grows with learners, sessions or curricula and must be searched
 * through an index on a hot path. CTEs, subqueries and json_each are not
 * tables and are not checked. Reading a whole index (`SCAN t USING INDEX`)
 * or building an automatic index on a large table counts as a full scan.
 */
export const SCANNABLE_TABLES = new Set([
  'institutions',
  'competency_frameworks',
  'competencies',
  'competency_levels',
  'positions',
  'position_requirements',
  'certificate_rules',
  'certificate_criteria',
  'certificate_sequences',
  'certificate_signatories',
  'webinar_series',
]);

/** An FTS5 table read through MATCH (idxStr `M…`): its posting lists, not every row. */
const FTS_MATCH = /VIRTUAL TABLE INDEX \d+:M/;

export interface FullScan {
  table: string;
  detail: string;
  sql: string;
}

/** The table an alias in a plan line stands for, from `FROM "table" "alias"` / `JOIN table AS alias` in the statement. */
function tableOf(name: string, sql: string, tables: Set<string>): string | null {
  if (tables.has(name)) return name;
  const alias = new RegExp(`"?(\\w+)"?\\s+(?:AS\\s+)?"?${name}"?(?=[\\s,)]|$)`, 'gi');
  for (const match of sql.matchAll(alias)) if (tables.has(match[1])) return match[1];
  return null;
}

/** Lines of `EXPLAIN QUERY PLAN` that read a whole table that may grow large without an index. */
export function fullScans(conn: BetterSqlite3.Database, sql: string): FullScan[] {
  const tables = new Set((conn.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name));
  const plan = conn.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[];
  // Reading a table in rowid order until LIMIT, with nothing to filter or sort, stops early (a feed's first page).
  const stopsAtLimit = /\blimit\b/i.test(sql) && !/\bwhere\b/i.test(sql) && !plan.some((p) => p.detail.startsWith('USE TEMP B-TREE'));
  return plan.flatMap(({ detail }) => {
    const scan = /^SCAN (\S+)/.exec(detail) ?? /^SEARCH (\S+) USING AUTOMATIC/.exec(detail);
    if (!scan || (stopsAtLimit && detail.startsWith('SCAN')) || FTS_MATCH.test(detail)) return [];
    const table = tableOf(scan[1], sql, tables);
    return table && !SCANNABLE_TABLES.has(table) ? [{ table, detail, sql }] : [];
  });
}

/** Statements a query plan can be asked for (reads), without duplicates. */
export const explainable = (statements: string[]) => [...new Set(statements.filter((s) => /^\s*(SELECT|WITH)\b/i.test(s)))];
