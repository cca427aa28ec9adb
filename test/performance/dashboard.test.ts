import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/viewer';
import { openDatabase, type Database } from '../../src/db/database';
import { scalePlan } from '../../src/seed/scale/plan';
import { seedScale } from '../../src/seed/scale/seed-scale';
import { createServices, type Services } from '../../src/composition/services';

// A province's dashboard on a generated set: the summary and the EARNED_JP order, checked against plain SQL.
const plan = scalePlan(2_000, 2025);
const dir = mkdtempSync(join(tmpdir(), 'bangkom-dashboard-'));
let db: Database;
let services: Services;

beforeAll(async () => {
  db = openDatabase(join(dir, 'scale.sqlite'));
  services = createServices(db, { publicBaseUrl: 'http://localhost', databasePath: db.path });
  await seedScale(db, services, plan, () => {});
}, 120_000);

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const earnedByLearner = () =>
  new Map(
    (db.readRaw
      .prepare(
        `SELECT l.id, coalesce(sum(c.jp), 0) AS jp, count(c.id) AS n FROM learners l JOIN institutions i ON i.id = l.institution_id
         LEFT JOIN certificates c ON c.learner_id = l.id AND c.status = 'VALID' AND c.activity_year = ?
         WHERE i.path LIKE (SELECT path FROM institutions WHERE code = 'PROV-01') || '%' GROUP BY l.id`,
      )
      .all(plan.year) as { id: number; jp: number; n: number }[]).map((r) => [r.id, r]),
  );

describe('institution dashboard at scale', () => {
  it('sums the subtree: learners, JP, certificates and who meets the 20 JP target', async () => {
    const province = (await services.institutions.get(SYSTEM, 'PROV-01'))!;
    const expected = [...earnedByLearner().values()];
    const summary = await services.learningHours.summary(SYSTEM, province, plan.year);
    expect(summary).toMatchObject({
      learnerCount: expected.length,
      totalJp: expected.reduce((s, r) => s + r.jp, 0),
      certificatesIssued: expected.reduce((s, r) => s + r.n, 0),
      learnersMeetingTarget: expected.filter((r) => r.jp >= 20).length,
    });
    expect(summary.totalJp).toBeGreaterThan(0);
  });

  it('pages learners by earned JP: every learner once, in order of what each earned', async () => {
    const province = (await services.institutions.get(SYSTEM, 'PROV-01'))!;
    const earned = earnedByLearner();
    const seen: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await services.learners.listForInstitution(SYSTEM, province, { first: 100, after, orderBy: { field: 'EARNED_JP', direction: 'DESC' }, year: plan.year });
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(earned.size);
    expect(new Set(seen).size).toBe(earned.size);
    const jp = seen.map((id) => earned.get(id)!.jp);
    expect(jp).toEqual([...jp].sort((a, b) => b - a));
    expect(jp[0]).toBeGreaterThan(jp[jp.length - 1]);
  });
});
