import type { WebinarSessionRow } from '../../db/schema';

/** A session as the API serves it: its row plus what access checks need. */
export type SessionView = WebinarSessionRow & { seriesCode: string; organizerId: number; organizerPath: string };
