import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, startCredentialServer, type CredentialServer } from './credential-server';

let s: CredentialServer;
beforeAll(async () => {
  s = await startCredentialServer();
});
afterAll(() => s.close());

const HOSTILE = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

const embeddedAchievement = async (doc: ReturnType<typeof fixture>) => (decodeJwt(await s.service.credentialFor(doc)) as any).credentialSubject.achievement;

describe('issuer, achievement and competency documents', () => {
  it('show hostile names as text on the pages, and as data in the JSON', async () => {
    const doc = s.add(
      fixture({
        title: `Judul ${HOSTILE}`,
        issuer: { code: 'EVIL-ISSUER', name: `Penerbit ${HOSTILE}`, timeZone: 'Asia/Jakarta' },
        competencies: [{ code: 'K-EVIL', name: `Kompetensi ${HOSTILE}` }],
      }),
    );
    const achievement = await embeddedAchievement(doc);
    for (const url of [achievement.creator.id, achievement.id, achievement.alignment[0].targetUrl]) {
      const page = await fetch(url, { headers: { accept: BROWSER } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).not.toMatch(/<script|<img/i);
      expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');

      const json = (await (await fetch(url)).json()) as any;
      expect(json.id).toBe(url);
      expect(JSON.stringify(json)).toContain(JSON.stringify(HOSTILE).slice(1, -1));
    }
  });

  it('tell nothing about the holder whose certificate makes an achievement public', async () => {
    const doc = s.add(fixture({ subject: { type: 'COHORT', id: 7 }, title: 'Pelatihan Dasar CPNS' }));
    const achievement = await embeddedAchievement(doc);
    expect(achievement.id).toBe(`${s.base}/issuers/BPSDM-JATIM/achievements/cohort-7`);
    const body = await (await fetch(achievement.id)).text();
    expect(JSON.parse(body)).toEqual({ '@context': expect.any(Array), ...achievement });
    for (const secret of [doc.holder.name, doc.holder.nip!, doc.holder.email!, doc.verificationCode, doc.number]) expect(body).not.toContain(secret);
  });

  it('stay served after the certificate that names them is revoked', async () => {
    const doc = s.add(fixture({ subject: { type: 'SESSION', id: 99 } }));
    s.revoke(doc, 'Salah input');
    expect((await fetch((await embeddedAchievement(doc)).id)).status).toBe(200);
  });

  it('negotiate the representation, and refuse what they cannot offer', async () => {
    const { creator } = await embeddedAchievement(s.add(fixture()));
    const as = (accept: string) => fetch(creator.id, { headers: { accept } });
    expect((await as('application/json')).headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect((await as('*/*')).headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    expect((await as('text/html;q=0.5, application/ld+json')).headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    expect((await as('text/html, application/ld+json;q=0.5')).headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await as('image/png')).status).toBe(406);
  });

  it('answer 404 for an achievement key that names no session or cohort', async () => {
    s.add(fixture());
    for (const key of ['session-0', 'session-01', 'session-41x', 'course-41', 'session-9999999999999999', '%00']) {
      expect((await fetch(`${s.base}/issuers/BPSDM-JATIM/achievements/${key}`)).status, key).toBe(404);
    }
  });
});
