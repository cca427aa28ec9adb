import { DateTime } from 'luxon';

/** The issuers are in Indonesia; WIB is how their certificates state dates. */
export const CERTIFICATE_ZONE = 'Asia/Jakarta';

/** '2024-10-24' -> '24 Oktober 2024'. */
export const formatDateId = (isoDate: string) => DateTime.fromISO(isoDate, { zone: 'utc' }).setLocale('id').toFormat('d MMMM yyyy');

/** A moment as its calendar date in WIB, e.g. '24 Oktober 2024'. */
export const formatInstantId = (at: Date) => DateTime.fromJSDate(at, { zone: CERTIFICATE_ZONE }).setLocale('id').toFormat('d MMMM yyyy');
