import { contentHash } from '../../db/content-hash';
import type { CurriculumStatusName, DeliveryModeName, LearningApproachName, TkpkTagName } from '../../db/schema';
import { tagsOf, type TkpkTagged } from '../tkpk/tkpk-tags';
import { MULTI_LINE, Problems } from '../../core/problems';

export interface CurriculumData extends TkpkTagged {
  code: string;
  version: number;
  title: string;
  description?: string | null;
  ownerCode: string;
  status: CurriculumStatusName;
  approach: LearningApproachName;
  outcomes: { code: string; statement: string; competencyCode: string; targetLevel: number }[];
  modules: {
    code: string;
    title: string;
    jp: number;
    deliveryMode: DeliveryModeName;
    sequence: number;
    outcomeCodes?: string[] | null;
  }[];
  expectedRevision?: number | null;
}

export interface CleanCurriculum {
  code: string;
  version: number;
  title: string;
  description: string | null;
  ownerCode: string;
  status: CurriculumStatusName;
  approach: LearningApproachName;
  outcomes: { code: string; statement: string; competencyCode: string; targetLevel: number }[];
  modules: { code: string; title: string; jp: number; deliveryMode: DeliveryModeName; sequence: number; outcomeCodes: string[] }[];
  totalJp: number;
  /** Program groups and strategies (TKPK) as one sorted set. */
  tkpkTags: TkpkTagName[];
}

export const MAX_OUTCOMES = 200;
export const MAX_MODULES = 500;

/** Checks a curriculum on its own (no database): every problem goes to `p`, paths under `at`. */
export function validateCurriculum(input: CurriculumData, p: Problems, at: (string | number)[]): CleanCurriculum | null {
  const before = p.list.length;
  const f = (...rest: (string | number)[]) => [...at, ...rest];
  const code = p.code(input.code, f('code'));
  const version = p.intRange(input.version, f('version'), 'Version', 1, 1_000_000);
  const title = p.text(input.title, f('title'), 'Title');
  const description = p.optionalText(input.description, f('description'), 'Description', 10_000, MULTI_LINE);
  const ownerCode = input.ownerCode.trim();
  if (!ownerCode) p.add(f('ownerCode'), 'REQUIRED', 'Owner is required');
  if (input.expectedRevision != null) p.intRange(input.expectedRevision, f('expectedRevision'), 'Expected revision', 0, 1_000_000_000);
  if (input.outcomes.length > MAX_OUTCOMES) p.add(f('outcomes'), 'TOO_LARGE', `At most ${MAX_OUTCOMES} outcomes`);
  if (input.modules.length > MAX_MODULES) p.add(f('modules'), 'TOO_LARGE', `At most ${MAX_MODULES} modules`);

  const outcomeCodes = new Map<string, number>();
  const outcomes = input.outcomes.map((o, i) => {
    const oc = p.code(o.code, f('outcomes', i, 'code'), 'Outcome code');
    if (oc !== null) {
      if (outcomeCodes.has(oc)) p.add(f('outcomes', i, 'code'), 'DUPLICATE', `Same code as outcomes[${outcomeCodes.get(oc)}]`);
      else outcomeCodes.set(oc, i);
    }
    const statement = p.text(o.statement, f('outcomes', i, 'statement'), 'Statement', 2000, MULTI_LINE);
    p.intRange(o.targetLevel, f('outcomes', i, 'targetLevel'), 'Target level', 1, 5);
    return { code: oc ?? '', statement: statement ?? '', competencyCode: o.competencyCode.trim(), targetLevel: o.targetLevel };
  });

  const moduleCodes = new Map<string, number>();
  const sequences = new Map<number, number>();
  const modules = input.modules.map((m, i) => {
    const mc = p.code(m.code, f('modules', i, 'code'), 'Module code');
    if (mc !== null) {
      if (moduleCodes.has(mc)) p.add(f('modules', i, 'code'), 'DUPLICATE', `Same code as modules[${moduleCodes.get(mc)}]`);
      else moduleCodes.set(mc, i);
    }
    const moduleTitle = p.text(m.title, f('modules', i, 'title'), 'Title');
    if (!Number.isInteger(m.jp) || m.jp <= 0 || m.jp > 10_000) p.add(f('modules', i, 'jp'), 'OUT_OF_RANGE', 'JP must be a whole number above 0');
    const sequence = p.intRange(m.sequence, f('modules', i, 'sequence'), 'Sequence', 0, 100_000);
    if (sequence !== null) {
      if (sequences.has(sequence)) p.add(f('modules', i, 'sequence'), 'DUPLICATE', `Same sequence as modules[${sequences.get(sequence)}]`);
      else sequences.set(sequence, i);
    }
    const served = [...new Set((m.outcomeCodes ?? []).map((c) => c.trim()))];
    (m.outcomeCodes ?? []).forEach((c, j) => {
      if (!outcomeCodes.has(c.trim())) {
        p.add(f('modules', i, 'outcomeCodes', j), 'NOT_FOUND', `Outcome ${c} is not an outcome of this curriculum`);
      }
    });
    return { code: mc ?? '', title: moduleTitle ?? '', jp: m.jp, deliveryMode: m.deliveryMode, sequence: m.sequence, outcomeCodes: served.sort() };
  });

  if (p.list.length > before || code === null || version === null || title === null) return null;
  modules.sort((a, b) => a.sequence - b.sequence);
  return {
    code,
    version,
    title,
    description,
    ownerCode,
    status: input.status,
    approach: input.approach,
    outcomes,
    modules,
    totalJp: modules.reduce((sum, m) => sum + m.jp, 0),
    tkpkTags: tagsOf(input),
  };
}

/**
 * Equal hashes mean equal content: the order outcomes are listed in does not count, the modules' sequence does.
 * TKPK tags count only when there are some, so curricula stored before tags existed keep their hash.
 */
export function curriculumHash(c: CleanCurriculum, ownerId: number): string {
  const outcomes = [...c.outcomes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const content: unknown[] = [c.title, c.description, ownerId, c.status, c.approach, outcomes, c.modules];
  return contentHash(c.tkpkTags.length ? [...content, c.tkpkTags] : content);
}
