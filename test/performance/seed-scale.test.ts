import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database';
import { scalePlan } from '../../src/seed/scale/plan';
import { seedScale, type ScaleSummary } from '../../src/seed/scale/seed-scale';
import { createServices } from '../../src/composition/services';

const plan = scalePlan(10_000, 2025);
const dir = mkdtempSync(join(tmpdir(), 'bangkom-seed-scale-'));
let db: Database;
let summary: ScaleSummary;
const one = <T>(sql: string) => db.readRaw.prepare(sql).get() as T;

beforeAll(async () => {
  db = openDatabase(join(dir, 'scale.sqlite'));
  summary = await seedScale(db, createServices(db, { publicBaseUrl: 'http://localhost', databasePath: db.path }), plan, () => {});
}, 120_000);

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('seed:scale at small N', () => {
  it('creates the planned learners, institutions, sessions, curricula and cohorts', () => {
    expect(summary.rows).toMatchObject({
      learners: plan.learners,
      institutions: plan.institutions,
      webinar_sessions: plan.sessions,
      session_attendance: plan.sessions * plan.attendeesPerSession,
      curricula: plan.curricula,
      cohorts: plan.cohorts,
      enrollments: plan.cohorts * plan.learnersPerCohort,
      competency_assessments: 2 * Math.ceil(plan.learners / plan.assessedEvery),
    });
    expect(summary.rows.zoom_intervals).toBeGreaterThan(summary.rows.session_attendance);
  });

  it('scores nine in ten attendees and issues exactly to those who attended 75 % and scored at least 60', () => {
    expect(summary.rows.assessment_scores).toBe(plan.sessions * plan.attendeesPerSession * 0.9);
    const eligible = one<{ n: number }>(`
      SELECT count(*) AS n FROM session_attendance a
      JOIN webinar_sessions s ON s.id = a.session_id
      JOIN assessments t ON t.subject_type = 'SESSION' AND t.subject_id = s.id AND t.kind = 'POST_TEST'
      JOIN assessment_scores sc ON sc.assessment_id = t.id AND sc.learner_id = a.learner_id
      WHERE a.minutes * 100 >= 75 * (s.ends_at - s.starts_at) / 60000 AND sc.score >= 60`).n;
    expect(eligible).toBeGreaterThan(0);
    expect(summary.rows.certificates).toBe(eligible);
    expect(one<{ n: number }>(`SELECT count(DISTINCT activity_year) AS n FROM certificates WHERE activity_year = ${plan.year}`).n).toBe(1);
  });

  it('writes the audit rows the services write for every batch', () => {
    const actions = db.readRaw.prepare(`SELECT action, count(*) AS n FROM audit_log GROUP BY action`).all() as { action: string; n: number }[];
    expect(Object.fromEntries(actions.map((a) => [a.action, a.n]))).toMatchObject({ issueCertificates: plan.sessions, importZoomAttendance: plan.sessions });
  });
});
