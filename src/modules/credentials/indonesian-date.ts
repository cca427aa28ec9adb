import { DateTime } from 'luxon';

/** '2024-10-24' -> '24 Oktober 2024'. */
export const formatDateId = (isoDate: string) => DateTime.fromISO(isoDate, { zone: 'utc' }).setLocale('id').toFormat('d MMMM yyyy');

/** A moment as its calendar date in the issuer's zone (IANA name), e.g. '24 Oktober 2024'. */
export const formatInstantId = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).setLocale('id').toFormat('d MMMM yyyy');
