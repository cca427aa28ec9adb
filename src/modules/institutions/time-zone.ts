import type { InstitutionRow, TimeZoneName } from '../../db/schema';

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
