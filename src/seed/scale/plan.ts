export type Log = (line: string) => void;

/** Sizes of a generated national data set, derived from the number of learners. */
export interface ScalePlan {
  learners: number;
  institutions: number;
  provinces: number;
  sessions: number;
  attendeesPerSession: number;
  curricula: number;
  cohorts: number;
  learnersPerCohort: number;
  /** Every this-many-th learner gets competency assessments. */
  assessedEvery: number;
  /** The year most activity falls in; the benches ask for it. */
  year: number;
}

export const DEFAULT_LEARNERS = 1_000_000;
export const MAX_ATTENDEES = 20_000;

export function scalePlan(learners = DEFAULT_LEARNERS, year = new Date().getUTCFullYear()): ScalePlan {
  if (!Number.isInteger(learners) || learners < 1_000) throw new Error('--learners must be an integer of at least 1000');
  return {
    learners,
    institutions: 500,
    provinces: 34,
    sessions: 100,
    // Each learner attends about two sessions; LAN's 2023 series averaged ~21,600 per session.
    attendeesPerSession: Math.min(MAX_ATTENDEES, Math.ceil(learners / 50)),
    curricula: 2_000,
    cohorts: 100,
    learnersPerCohort: Math.min(200, Math.ceil(learners / 1_000)),
    assessedEvery: 10,
    year,
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A valid, unique PNS NIP for learner i (birth dates from 1970 on, 1000 serials per day). */
export function scaleNip(i: number): string {
  const birth = new Date(Date.UTC(1970, 0, 1) + Math.floor(i / 999) * 86_400_000);
  const y = birth.getUTCFullYear();
  return `${y}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}${y + 24}${pad((i % 12) + 1, 2)}${(i % 2) + 1}${pad((i % 999) + 1, 3)}`;
}

export const scaleEmail = (i: number) => `asn${i}@instansi.go.id`;
export const institutionCode = (k: number) => `INST-${pad(k, 3)}`;
export const provinceCode = (p: number) => `PROV-${pad(p, 2)}`;
export const bpsdmCode = (p: number) => `BPSDM-${pad(p, 2)}`;
