import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { jsonValues } from '../../db/portable';
import { IANA_ZONES, type InstitutionRow, type TimeZoneName } from '../../db/schema';

/** Ids on an institution's path, itself last (`/1/4/9/` → 1, 4, 9). */
export const pathIds = (path: string) => path.split('/').filter(Boolean).map(Number);

/** The zone an institution works in: its own, else its nearest ancestor's, else WIB. */
export function inheritedTimeZone(chain: readonly (Pick<InstitutionRow, 'timeZone'> | null | undefined)[]): TimeZoneName {
  for (let i = chain.length - 1; i >= 0; i--) {
    const zone = chain[i]?.timeZone;
    if (zone) return zone;
  }
  return 'WIB';
}

/** Indonesia keeps no daylight saving time: each zone is one fixed offset. */
const OFFSET_MINUTES: Record<TimeZoneName, number> = { WIB: 7 * 60, WITA: 8 * 60, WIT: 9 * 60 };
export const utcOffsetMinutes = (zone: TimeZoneName) => OFFSET_MINUTES[zone];

/** The IANA zone of the institution at `path`, inherited as `inheritedTimeZone` says, in one statement. */
export async function ianaZoneOfPath(db: Db, path: string): Promise<string> {
  const ids = JSON.stringify(pathIds(path));
  const chain = await db.all<{ timeZone: TimeZoneName | null }>(
    sql`SELECT time_zone AS "timeZone" FROM institutions WHERE id IN (${jsonValues(ids, 'integer')}) ORDER BY length(path)`,
  );
  return IANA_ZONES[inheritedTimeZone(chain)];
}
