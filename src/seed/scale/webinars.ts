import { SYSTEM } from '../../auth/viewer';
import type { Services } from '../../composition/services';
import { unwrap } from '../unwrap';
import { COMPETENCY_CODES } from './catalogue';
import { bpsdmCode, scaleEmail, scaleNip, type Log, type ScalePlan } from './plan';

const SERIES = 10;
const pad = (n: number) => String(n).padStart(2, '0');

export interface SessionTotals {
  reportRows: number;
  scores: number;
  certificates: number;
}

/** Learner indexes attending session s: consecutive blocks, so each learner attends about two sessions. */
const attendee = (plan: ScalePlan, s: number, j: number) => (s * plan.attendeesPerSession + j) % plan.learners;

/**
 * A newer-layout Zoom participant report of a 09:00-11:00 session: stays of
 * 30-120 minutes, every fourth attendee leaves and rejoins.
 */
function zoomReport(plan: ScalePlan, s: number, date: { y: number; m: number; d: number }): { csv: string; rows: number } {
  const day = `${pad(date.m)}/${pad(date.d)}/${date.y}`;
  const clock = (minutes: number) => `"${day} ${pad(9 + Math.floor(minutes / 60))}:${pad(minutes % 60)}:00 AM"`;
  const lines = [
    'Topic,ID,Host,Duration (minutes),Start time,End time,Participants',
    `Sesi ${s + 1},812 0000 ${String(s).padStart(4, '0')},BPSDM,120,${clock(0)},${clock(120)},${plan.attendeesPerSession}`,
    '',
    'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,Recording disclaimer response,In waiting room',
  ];
  for (let j = 0; j < plan.attendeesPerSession; j++) {
    const i = attendee(plan, s, j);
    const join = j % 10;
    const stay = 30 + ((j * 7) % 91);
    const leave = Math.min(179, join + stay);
    const name = `Peserta ${i}`;
    if (j % 4 === 0 && stay > 40) {
      lines.push(`${name},${scaleEmail(i)},${clock(join)},${clock(join + 20)},20,No,OK,No`);
      lines.push(`${name} (HP),${scaleEmail(i).toUpperCase()},${clock(join + 25)},${clock(leave)},${leave - join - 25},No,OK,No`);
    } else {
      lines.push(`${name},${scaleEmail(i)},${clock(join)},${clock(leave)},${leave - join},No,OK,No`);
    }
  }
  return { csv: lines.join('\r\n'), rows: lines.length - 4 };
}

/**
 * Ten BPSDM series of ten sessions: schedule, import the Zoom report, record
 * post-test scores, and issue certificates by the organiser's rule, all
 * through the services' batch paths.
 */
export async function seedWebinars(services: Services, plan: ScalePlan, log: Log): Promise<SessionTotals> {
  const totals: SessionTotals = { reportRows: 0, scores: 0, certificates: 0 };
  const started = Date.now();
  for (let k = 1; k <= SERIES; k++) {
    const organizerCode = bpsdmCode(k);
    unwrap(
      `rule of ${organizerCode}`,
      await services.certificateRules.define(SYSTEM, {
        code: `E-SERTIFIKAT-${organizerCode}`,
        name: 'Hadir 75% dan nilai post-test minimal 60',
        institutionCode: organizerCode,
        criteria: [
          { kind: 'ATTENDANCE_PERCENT', threshold: 75 },
          { kind: 'ASSESSMENT_SCORE', threshold: 60, assessmentKind: 'POST_TEST' },
        ],
      }),
    );
    unwrap(`series of ${organizerCode}`, await services.webinars.createSeries(SYSTEM, { code: `WEBINAR-${organizerCode}`, title: `Webinar ${organizerCode}`, organizerCode }));
  }
  for (let s = 0; s < plan.sessions; s++) {
    const k = (s % SERIES) + 1;
    const date = { y: plan.year, m: 1 + (s % 10), d: 1 + (s % 27) };
    const iso = (hh: string) => `${date.y}-${pad(date.m)}-${pad(date.d)}T${hh}:00:00+07:00`;
    const session = unwrap(
      `session ${s}`,
      await services.webinars.scheduleSession(SYSTEM, {
        seriesCode: `WEBINAR-${bpsdmCode(k)}`,
        number: Math.floor(s / SERIES) + 1,
        title: `Sesi ${s + 1}`,
        startsAt: iso('09'),
        endsAt: iso('11'),
        jp: 2 + (s % 2),
        channels: [{ platform: 'ZOOM' }, { platform: 'YOUTUBE', url: `https://www.youtube.com/@bpsdm${k}` }],
        competencyCodes: [COMPETENCY_CODES[s % COMPETENCY_CODES.length], COMPETENCY_CODES[(s + 3) % COMPETENCY_CODES.length]],
        certificateRuleCode: `E-SERTIFIKAT-${bpsdmCode(k)}`,
      }),
    );
    const report = zoomReport(plan, s, date);
    const imported = unwrap(
      `Zoom report of session ${s}`,
      await services.attendanceImports.importZoom(SYSTEM, { sessionId: session.id, fileName: `sesi-${s + 1}.csv`, csv: report.csv }),
    );
    if (imported.rowsUnmatched || imported.rowsInvalid) throw new Error(`session ${s}: ${imported.rowsUnmatched} unmatched, ${imported.rowsInvalid} invalid rows`);
    totals.reportRows += report.rows;

    const test = unwrap(
      `post-test of session ${s}`,
      await services.assessments.create(SYSTEM, { subject: { type: 'SESSION', id: session.id }, kind: 'POST_TEST', title: 'Post-test', maxScore: 100, passingScore: 60 }),
    );
    const scores = [];
    for (let j = 0; j < plan.attendeesPerSession; j++) {
      if (j % 10 !== 3) scores.push({ nip: scaleNip(attendee(plan, s, j)), score: 40 + ((j * 13) % 61), submittedAt: iso('11') });
    }
    totals.scores += unwrap(`scores of session ${s}`, await services.assessments.recordScores(SYSTEM, test.id, scores));
    totals.certificates += unwrap(`certificates of session ${s}`, await services.certificates.issue(SYSTEM, { type: 'SESSION', id: session.id }, false)).issuedCount;
    if (s % 10 === 9) log(`webinar sessions: ${s + 1} of ${plan.sessions}, ${totals.certificates.toLocaleString('en')} certificates (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  return totals;
}
