import DataLoader from 'dataloader';
import { asc, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { selectByKeys } from '../../db/keyed';
import { webinarSeries, webinarSessionChannels, webinarSessionCompetencies, webinarSessions, type WebinarChannelRow, type WebinarSeriesRow } from '../../db/schema';
import { byKey, groupByKey } from '../../graphql/loader-utils';
import { selectSessionViews } from './webinar.service';
import type { SessionView } from './webinar.type';

export function createWebinarLoaders(db: Database) {
  return {
    webinarSeriesById: new DataLoader<number, WebinarSeriesRow | null>(async (ids) =>
      byKey(ids, selectByKeys(db.read, webinarSeries, webinarSeries.id, ids), (r) => r.id),
    ),
    webinarSessionById: new DataLoader<number, SessionView | null>(async (ids) =>
      byKey(ids, selectSessionViews(db.read).where(inArray(webinarSessions.id, [...ids])).all(), (r) => r.id),
    ),
    channelsBySession: new DataLoader<number, WebinarChannelRow[]>(async (ids) =>
      groupByKey(
        ids,
        db.read
          .select()
          .from(webinarSessionChannels)
          .where(inArray(webinarSessionChannels.sessionId, [...ids]))
          .orderBy(asc(webinarSessionChannels.position))
          .all(),
        (r) => r.sessionId,
      ),
    ),
    competencyCodesBySession: new DataLoader<number, string[]>(async (ids) =>
      groupByKey(
        ids,
        db.read
          .select()
          .from(webinarSessionCompetencies)
          .where(inArray(webinarSessionCompetencies.sessionId, [...ids]))
          .orderBy(asc(webinarSessionCompetencies.competencyCode))
          .all(),
        (r) => r.sessionId,
      ).map((rows) => rows.map((r) => r.competencyCode)),
    ),
  };
}
