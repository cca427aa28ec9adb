import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlCount } from '../../support/sql';

let t: TestApp;
let jatim: string;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.services.institutions.create(SYSTEM, { code: 'BPSDM-JATIM', name: 'BPSDM Jatim', kind: 'TRAINING_AGENCY' });
  await t.app.services.institutions.create(SYSTEM, { code: 'KOTA-KUPANG', name: 'Kota Kupang', kind: 'LOCAL_GOVERNMENT' });
  jatim = await t.token('INSTITUTION_ADMIN', { institutionCode: 'BPSDM-JATIM' });
});
afterAll(() => t.close());

const define = (input: Record<string, unknown>, token?: string | null) => t.gql(op('DefineCertificateRule'), { input }, token);
const criteria = [
  { kind: 'ATTENDANCE_PERCENT', threshold: 80 },
  { kind: 'ASSESSMENT_SCORE', threshold: 70, assessmentKind: 'POST_TEST' },
  { kind: 'ASSESSMENT_SUBMITTED', assessmentKind: 'EVALUATION' },
];

describe('defineCertificateRule', () => {
  it('creates version 1 owned by the admin institution, with readable criteria', async () => {
    const r = dataOf(await define({ code: 'MITK-E-CERT', name: 'Sertifikat e-learning MITK', criteria }, jatim));
    expect(r.defineCertificateRule.userErrors).toEqual([]);
    expect(r.defineCertificateRule.rule).toMatchObject({ code: 'MITK-E-CERT', version: 1, name: 'Sertifikat e-learning MITK' });
    expect(r.defineCertificateRule.rule.criteria).toEqual([
      { kind: 'ATTENDANCE_PERCENT', threshold: 80, assessmentKind: null, description: 'Attend at least 80% of the scheduled time' },
      { kind: 'ASSESSMENT_SCORE', threshold: 70, assessmentKind: 'POST_TEST', description: 'Score at least 70 on the post-test' },
      { kind: 'ASSESSMENT_SUBMITTED', threshold: null, assessmentKind: 'EVALUATION', description: 'Submit the evaluation' },
    ]);
  });

  it('adds a version when redefined, and none when nothing changed', async () => {
    const same = dataOf(await define({ code: 'MITK-E-CERT', name: 'Sertifikat e-learning MITK', criteria }, jatim));
    expect(same.defineCertificateRule.rule.version).toBe(1);
    const stricter = dataOf(
      await define({ code: 'MITK-E-CERT', name: 'Sertifikat e-learning MITK', criteria: [{ kind: 'ATTENDANCE_MINUTES', threshold: 120 }] }, jatim),
    );
    expect(stricter.defineCertificateRule.rule).toMatchObject({ version: 2, criteria: [{ kind: 'ATTENDANCE_MINUTES', threshold: 120 }] });
    expect(await sqlCount(t.app.db, "SELECT count(*) AS n FROM certificate_rules WHERE code = 'MITK-E-CERT'")).toBe(2);
  });

  it('lists every problem and writes nothing', async () => {
    const r = dataOf(
      await define(
        {
          code: 'BAD RULE',
          name: '',
          criteria: [
            { kind: 'ATTENDANCE_PERCENT', threshold: 120 },
            { kind: 'ASSESSMENT_SCORE', threshold: 70 },
            { kind: 'ATTENDANCE_MINUTES' },
            { kind: 'ATTENDANCE_MINUTES', threshold: -5, assessmentKind: 'PRE_TEST' },
          ],
        },
        jatim,
      ),
    );
    expect(r.defineCertificateRule.rule).toBeNull();
    expect(r.defineCertificateRule.userErrors.map((e: { field: string[] }) => e.field.join('.')).sort()).toEqual([
      'code',
      'criteria.0.threshold',
      'criteria.1.assessmentKind',
      'criteria.2.threshold',
      'criteria.3.assessmentKind',
      'criteria.3.threshold',
      'name',
    ]);
    const empty = dataOf(await define({ code: 'EMPTY', name: 'Empty', criteria: [] }, jatim));
    expect(empty.defineCertificateRule.userErrors).toEqual([expect.objectContaining({ field: ['criteria'], code: 'REQUIRED' })]);
  });

  it('keeps a rule code with the institution that owns it', async () => {
    const kupang = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KOTA-KUPANG' });
    const r = dataOf(await define({ code: 'MITK-E-CERT', name: 'Hijack', criteria }, kupang));
    expect(r.defineCertificateRule.userErrors).toEqual([expect.objectContaining({ field: ['code'], code: 'ALREADY_EXISTS' })]);
    const learnerless = await t.token('SYNC_CLIENT', { institutionCode: 'KOTA-KUPANG' });
    expect((await define({ code: 'X', name: 'X', criteria }, learnerless)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const superadmin = dataOf(await define({ code: 'LAN-RULE', name: 'LAN', criteria }));
    expect(superadmin.defineCertificateRule.userErrors).toEqual([expect.objectContaining({ field: ['institutionCode'], code: 'REQUIRED' })]);
  });
});

describe('verifyCertificate', () => {
  it('answers valid: false for an unknown code, without a token', async () => {
    const r = dataOf(await t.gql(op('VerifyCertificate'), { code: 'no-such-code' }, null));
    expect(r.verifyCertificate).toMatchObject({ valid: false, status: null, number: null, holderName: null });
  });
});
