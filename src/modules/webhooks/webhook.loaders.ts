import DataLoader from 'dataloader';
import type { Viewer } from '../../auth/viewer';
import { byKey } from '../../core/by-key';
import type { Database } from '../../db/database';
import { selectByKeys } from '../../db/keyed';
import { pageLoader } from '../../db/page-loader';
import type { PageArgs } from '../../db/paginate';
import { events, type WebhookDeliveryRow, type WebhookDeliveryStatusName } from '../../db/schema';
import type { FeedEvent } from '../events/events.service';
import type { WebhookService, WebhookSubscriptionView } from './webhook.service';

/** Per request: deliveries of many subscriptions in one statement, and the events they carry. */
export function createWebhookLoaders(db: Database, webhooks: WebhookService, viewer: Viewer) {
  return {
    deliveriesOfSubscription: pageLoader<WebhookSubscriptionView, WebhookDeliveryRow, PageArgs & { status?: WebhookDeliveryStatusName | null }>((parents, args) =>
      webhooks.deliveryPages(viewer, parents, args),
    ),
    /** A delivery's event, by sequence: whoever sees the delivery sees its event. */
    eventBySequence: new DataLoader<number, FeedEvent | null>(async (sequences) =>
      byKey(sequences, (await selectByKeys(db.read, events, events.sequence, sequences)).map((r) => ({ ...r, id: r.eventId })), (e) => e.sequence),
    ),
  };
}
