import DataLoader from 'dataloader';
import { prepared, type Database } from '../../db/database';
import { inKeys, selectByKeys } from '../../db/keyed';
import { webinarSeries, webinarSessionChannels, webinarSessionCompetencies, webinarSessions, type WebinarChannelRow, type WebinarSeriesRow } from '../../db/schema';
import { byKey, groupByKey } from '../../core/by-key';
import { pageLoader } from '../../db/page-loader';
import type { PageArgs } from '../../db/paginate';
import { selectSessionViews, type WebinarService } from './webinar.service';
import type { SessionView } from './webinar.model';

const sessionViewsByIds = prepared((db) => selectSessionViews(db).where(inKeys(webinarSessions.id)).prepare());

export function createWebinarLoaders(db: Database, webinars: WebinarService) {
  return {
    /** `WebinarSeries.sessions` pages, batched across the series of a list. */
    sessionsOfSeries: pageLoader<WebinarSeriesRow, SessionView, PageArgs>((series, args) => webinars.sessionsOfSeries(series.map((s) => s.id), args)),
    webinarSeriesById: new DataLoader<number, WebinarSeriesRow | null>(async (ids) =>
      byKey(ids, await selectByKeys(db.read, webinarSeries, webinarSeries.id, ids), (r) => r.id),
    ),
    webinarSessionById: new DataLoader<number, SessionView | null>(async (ids) =>
      byKey(ids, await sessionViewsByIds(db.read).all({ keys: JSON.stringify(ids) }), (r) => r.id),
    ),
    channelsBySession: new DataLoader<number, WebinarChannelRow[]>(async (ids) =>
      groupByKey(
        ids,
        await selectByKeys(db.read, webinarSessionChannels, webinarSessionChannels.sessionId, ids, { column: webinarSessionChannels.position, direction: 'asc' }),
        (r) => r.sessionId,
      ),
    ),
    competencyCodesBySession: new DataLoader<number, string[]>(async (ids) =>
      groupByKey(
        ids,
        await selectByKeys(db.read, webinarSessionCompetencies, webinarSessionCompetencies.sessionId, ids, {
          column: webinarSessionCompetencies.competencyCode,
          direction: 'asc',
        }),
        (r) => r.sessionId,
      ).map((rows) => rows.map((r) => r.competencyCode)),
    ),
  };
}
