import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A Zoom report fixture exactly as stored (BOM and CRLF kept). */
export const zoomFixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/zoom', name), 'utf8');

/** Session 41 of "Menuju Indonesia Tanpa Kemiskinan": 24 Oct 2024, 09:00-11:00 WIB. */
export const SESSION_41 = { startsAt: '2024-10-24T09:00:00+07:00', endsAt: '2024-10-24T11:00:00+07:00' };
export const WIB = 7 * 60;
export const at = (iso: string) => Date.parse(iso);
