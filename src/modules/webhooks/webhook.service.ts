import { and, eq, inArray, sql } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { fail, forbidden, ok, userError, type Result } from '../../core/errors';
import { MULTI_LINE, Problems } from '../../core/problems';
import type { Database } from '../../db/database';
import { forAllowed } from '../../db/page-loader';
import { paginate, type Page, type PageArgs } from '../../db/paginate';
import { pagesByParent } from '../../db/ranked';
import {
  EVENT_TYPES,
  events,
  institutions,
  webhookDeliveries,
  webhookSubscriptions,
  type EventTypeName,
  type WebhookDeliveryRow,
  type WebhookDeliveryStatusName,
  type WebhookSubscriptionRow,
} from '../../db/schema';
import { recordAudit } from '../audit/audit.writer';
import type { InstitutionService } from '../institutions/institution.service';
import { scopeCondition } from '../institutions/list-scope';
import { urlProblem } from './receiver-address';
import { newWebhookSecret, seal, secretContext } from './secret-box';

/** A subscription as the API hands it out: with its institution's path, for access checks. */
export type WebhookSubscriptionView = WebhookSubscriptionRow & { institutionPath: string };

export interface NewWebhookSubscription {
  institutionCode: string;
  url: string;
  eventTypes: EventTypeName[];
  description?: string | null;
}

export interface WebhookSubscriptionChange {
  id: number;
  url?: string | null;
  eventTypes?: EventTypeName[] | null;
  active?: boolean | null;
}

const withPath = () =>
  ({ subscription: webhookSubscriptions, institutionPath: institutions.path }) as const;
const view = (r: { subscription: WebhookSubscriptionRow; institutionPath: string }): WebhookSubscriptionView => ({ ...r.subscription, institutionPath: r.institutionPath });

/** Webhook subscriptions of institution subtrees: who may subscribe, change, list and redeliver (the worker delivers). */
export class WebhookService {
  constructor(
    private readonly db: Database,
    private readonly institutions: InstitutionService,
    /** The key secrets are sealed with; the delivery worker opens them with it. */
    readonly key: Buffer,
    private readonly options: { allowPrivate: boolean; now?: () => number },
  ) {}

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** A new subscription from the next event on; its secret is returned here only. */
  async create(viewer: Viewer, input: NewWebhookSubscription): Promise<Result<{ subscription: WebhookSubscriptionView; secret: string }>> {
    policy.webhookScope(viewer);
    const institution = policy.manageable(viewer, await this.institutions.findByCode(input.institutionCode), (i) => i.path, 'institution');
    const p = new Problems();
    if (!institution) p.add(['institutionCode'], 'NOT_FOUND', `No institution has code ${input.institutionCode}`);
    const url = this.checkUrl(input.url, p);
    const eventTypes = this.checkTypes(input.eventTypes, p);
    const description = p.optionalText(input.description, ['description'], 'Description', 500, MULTI_LINE);
    if (p.any || !institution || !url || !eventTypes) return fail(...p.inInputOrder());
    const secret = newWebhookSecret();
    const row = await this.db.write(async (tx) => {
      const { top } = (await tx.select({ top: sql<number>`coalesce(max(${events.sequence}), 0)` }).from(events).get())!;
      const created = await tx
        .insert(webhookSubscriptions)
        .values({ institutionId: institution.id, url, eventTypes, description, secretSealed: seal(this.key, secret, secretContext(institution.id)), cursor: top, createdBy: viewer.tokenName })
        .returning()
        .get();
      await recordAudit(tx, viewer, {
        action: 'createWebhookSubscription',
        targetType: 'WebhookSubscription',
        targetId: created.id,
        institutionId: institution.id,
        summary: `Subscribed ${url} to ${eventTypes.join(', ')} of ${institution.code}`,
      });
      return created;
    });
    return ok({ subscription: { ...row, institutionPath: institution.path }, secret });
  }

  /** Changes url, types or active; activating again clears the failure clock and sends the pending event at once. */
  async update(viewer: Viewer, input: WebhookSubscriptionChange): Promise<Result<WebhookSubscriptionView>> {
    policy.webhookScope(viewer);
    const found = await this.manageable(viewer, input.id);
    if (!found) return fail(userError(['id'], 'NOT_FOUND', 'No such webhook subscription'));
    const p = new Problems();
    const url = input.url == null ? found.url : this.checkUrl(input.url, p);
    const eventTypes = input.eventTypes == null ? found.eventTypes : this.checkTypes(input.eventTypes, p);
    if (p.any || !url || !eventTypes) return fail(...p.inInputOrder());
    const active = input.active ?? found.active;
    const now = this.now();
    const row = await this.db.write(async (tx) => {
      const resumed = active && !found.active;
      const updated = await tx
        .update(webhookSubscriptions)
        .set({ url, eventTypes, active, ...(resumed ? { failingSince: null } : {}) })
        .where(eq(webhookSubscriptions.id, found.id))
        .returning()
        .get();
      if (resumed) {
        await tx
          .update(webhookDeliveries)
          .set({ nextAttemptAt: new Date(now), firstAttemptAt: null })
          .where(and(eq(webhookDeliveries.subscriptionId, found.id), eq(webhookDeliveries.status, 'PENDING')))
          .run();
      }
      await recordAudit(tx, viewer, {
        action: 'updateWebhookSubscription',
        targetType: 'WebhookSubscription',
        targetId: found.id,
        institutionId: found.institutionId,
        summary: `Webhook ${url}: ${eventTypes.join(', ')}, ${active ? 'active' : 'inactive'}`,
      });
      return updated;
    });
    return ok({ ...row, institutionPath: found.institutionPath });
  }

  /** The viewer's subscriptions (SUPERADMIN all, an admin its subtree's), oldest first. */
  list(viewer: Viewer, page: PageArgs): Promise<Page<WebhookSubscriptionView>> {
    const where = scopeCondition(policy.webhookScope(viewer), { institution: webhookSubscriptions.institutionId });
    return paginate(page, {
      rows: async (q) =>
        (
          await this.db.read
            .select(withPath())
            .from(webhookSubscriptions)
            .innerJoin(institutions, eq(institutions.id, webhookSubscriptions.institutionId))
            .where(and(where, q.after))
            .orderBy(...q.orderBy)
            .limit(q.limit)
            .all()
        ).map(view),
      order: [{ column: webhookSubscriptions.id, direction: 'asc', value: (r) => r.id }],
      count: async () => (await this.db.read.select({ n: sql<number>`count(*)` }).from(webhookSubscriptions).where(where).get())!.n,
    });
  }

  /** Each subscription's deliveries, newest first, by status when given: one statement for all pages, one for their counts. */
  deliveryPages(viewer: Viewer, parents: WebhookSubscriptionView[], args: PageArgs & { status?: WebhookDeliveryStatusName | null }): Promise<(Page<WebhookDeliveryRow> | Error)[]> {
    const where = args.status ? eq(webhookDeliveries.status, args.status) : undefined;
    return forAllowed(
      parents,
      (s) => policy.canManageWebhook(viewer, s),
      (managed) => pagesByParent(this.db.read, args, managed.map((s) => s.id), { table: webhookDeliveries, parent: webhookDeliveries.subscriptionId, where }),
      () => forbidden('Only admins of the subscription’s institution may list its deliveries'),
    );
  }

  /** Sends a delivery again (same webhook-id), as soon as the subscription's order allows, with a fresh 24-hour window. */
  async redeliver(viewer: Viewer, deliveryId: number): Promise<Result<WebhookDeliveryRow>> {
    policy.webhookScope(viewer);
    const found = await this.db.read
      .select({ delivery: webhookDeliveries, institutionPath: institutions.path, institutionId: webhookSubscriptions.institutionId })
      .from(webhookDeliveries)
      .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
      .innerJoin(institutions, eq(institutions.id, webhookSubscriptions.institutionId))
      .where(eq(webhookDeliveries.id, deliveryId))
      .get();
    const managed = policy.manageable(viewer, found, (f) => f.institutionPath, 'webhook delivery');
    if (!managed) return fail(userError(['deliveryId'], 'NOT_FOUND', 'No such webhook delivery'));
    const now = this.now();
    const row = await this.db.write(async (tx) => {
      const updated = await tx
        .update(webhookDeliveries)
        .set({ status: 'PENDING', nextAttemptAt: new Date(now), firstAttemptAt: null })
        .where(eq(webhookDeliveries.id, deliveryId))
        .returning()
        .get();
      await recordAudit(tx, viewer, {
        action: 'redeliverWebhook',
        targetType: 'WebhookDelivery',
        targetId: deliveryId,
        institutionId: managed.institutionId,
        summary: `Redelivery of event #${updated.eventSequence} to subscription ${updated.subscriptionId}`,
      });
      return updated;
    });
    return ok(row);
  }

  /** `node(id:)`: the subscription if the viewer manages it, else null (as for a missing one). */
  async findForViewer(viewer: Viewer, id: number): Promise<WebhookSubscriptionView | null> {
    const found = (await this.subscriptionsByIds([id]))[0];
    return found && viewer.authenticated && policy.canManageWebhook(viewer, found) ? found : null;
  }

  /** `node(id:)`: the delivery if the viewer manages its subscription, else null. */
  async findDeliveryForViewer(viewer: Viewer, id: number): Promise<WebhookDeliveryRow | null> {
    const delivery = await this.db.read.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)).get();
    return delivery && (await this.findForViewer(viewer, delivery.subscriptionId)) ? delivery : null;
  }

  /** Subscriptions by id with their institution's path, unchecked: callers check access (or hold the ids already). */
  async subscriptionsByIds(ids: readonly number[]): Promise<WebhookSubscriptionView[]> {
    return (
      await this.db.read.select(withPath()).from(webhookSubscriptions).innerJoin(institutions, eq(institutions.id, webhookSubscriptions.institutionId)).where(inArray(webhookSubscriptions.id, [...ids])).all()
    ).map(view);
  }

  private async manageable(viewer: Viewer, id: number): Promise<WebhookSubscriptionView | null> {
    const found = (await this.subscriptionsByIds([id]))[0];
    return policy.manageable(viewer, found, (s) => s.institutionPath, 'webhook subscription');
  }

  private checkUrl(value: string, p: Problems): string | null {
    const url = value.trim();
    if (!p.safeCharacters(url, ['url'], 'URL')) return null;
    const problem = urlProblem(url, this.options.allowPrivate);
    if (problem) p.add(['url'], 'INVALID', problem);
    return problem ? null : new URL(url).href;
  }

  private checkTypes(types: EventTypeName[], p: Problems): EventTypeName[] | null {
    if (types.length === 0) p.add(['eventTypes'], 'REQUIRED', 'Name at least one event type');
    else if (new Set(types).size !== types.length) p.add(['eventTypes'], 'DUPLICATE', 'An event type is named twice');
    else if (types.some((t) => !EVENT_TYPES.includes(t))) p.add(['eventTypes'], 'INVALID', 'Unknown event type');
    else return types;
    return null;
  }
}
