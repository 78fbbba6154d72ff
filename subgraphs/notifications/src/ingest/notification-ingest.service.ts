import { parseEvent, type DomainEvent } from '@plaza/events';
import type { DataAccess } from '@plaza/subgraph-kit';
import type { DeliveryContent } from '../delivery/delivery-content.ts';
import type { NewDelivery } from '../delivery/delivery.repository.ts';
import { definitionOf, isSubjectType } from '../notification/notification-types.ts';
import type { NewNotification, NotificationRecord } from '../notification/notification.repository.ts';
import type { PreferenceService } from '../preference/preference.service.ts';
import type { RecipientService } from '../recipient/recipient.service.ts';
import type { NotificationsRepositories } from '../repositories.ts';
import { organizationScope } from '../tenant-scopes.ts';
import { renderTemplate, type RenderedNotification, type TemplateSource } from '../template/template-renderer.ts';
import type { TemplateService } from '../template/template.service.ts';
import { addressesAdmins, routesOf, type Route } from './event-routes.ts';

export interface NotificationIngestDeps {
  data: DataAccess<NotificationsRepositories>;
  preferences: Pick<PreferenceService, 'resolverFor'>;
  templates: Pick<TemplateService, 'inForce'>;
  recipients: Pick<RecipientService, 'apply' | 'findByUsers' | 'findAdmins'>;
}

const HOUR = 60 * 60 * 1000;

/** One notification to create, with the deliveries it calls for once it has an id. */
interface Planned {
  notification: NewNotification;
  deliveries: (notificationId: string) => NewDelivery[];
}

/**
 * Turns domain events into notifications: who hears about each event (event-routes.ts), on
 * which channels (preferences), in which words (templates), at which address (the event's, or
 * the recipient directory's). Safe to call more than once with the same event — relays deliver
 * at least once — since (eventId, recipientId) is unique and the directory keeps the newest facts.
 */
export class NotificationIngestService {
  constructor(private readonly deps: NotificationIngestDeps) {}

  /**
   * Applies membership events to the recipient directory. Creates the notifications and
   * email/push deliveries `event` calls for, all in one transaction, and returns the
   * notifications created that show in the app (for live subscribers). Returns [] when the event
   * was ingested before or concerns nobody; members who left the organization are nobody.
   * Throws when `event` does not match the catalog (naming the type and the field).
   */
  async ingest(event: DomainEvent): Promise<NotificationRecord[]> {
    const parsed = parseEvent(event);
    await this.deps.recipients.apply(parsed);
    const admins = addressesAdmins(parsed) ? await this.deps.recipients.findAdmins(parsed.organizationId) : [];
    const { actorId, routes: called } = routesOf(parsed, admins);
    if (called.length === 0) return [];

    const { organizationId } = parsed;
    const directory = await this.deps.recipients.findByUsers(
      organizationId,
      called.map((route) => route.recipientId),
    );
    const routes = called.filter((route) => route.forNonMembers || !directory.get(route.recipientId)?.left);
    if (routes.length === 0) return [];
    const [channels, templates] = await Promise.all([
      this.deps.preferences.resolverFor(
        organizationId,
        routes.map((route) => route.recipientId),
      ),
      this.deps.templates.inForce(organizationId, [...new Set(routes.map((route) => route.type))]),
    ]);

    const planned = routes.flatMap((route): Planned[] => {
      const enabled = (channel: 'IN_APP' | 'EMAIL' | 'PUSH') => channels.isEnabled(route.recipientId, route.type, channel);
      const inApp = enabled('IN_APP');
      const email = enabled('EMAIL');
      const push = enabled('PUSH');
      if (!inApp && !email && !push) return [];

      const definition = definitionOf(route.type);
      const text = render(templates.get(route.type) ?? definition.template, definition.template, variablesOf(parsed, actorId, route));
      const subject = route.subject && isSubjectType(route.subject.type) ? route.subject : null;
      const content: DeliveryContent = {
        type: route.type,
        recipientId: route.recipientId,
        title: text.title,
        body: text.body,
        html: text.html,
      };
      const address = route.email ?? directory.get(route.recipientId)?.email ?? null;
      return [
        {
          notification: {
            organizationId,
            recipientId: route.recipientId,
            type: route.type,
            title: text.title,
            body: text.body,
            data: parsed.payload,
            priority: definition.priority,
            actorId,
            subjectType: subject?.type ?? null,
            subjectId: subject?.id ?? null,
            eventId: parsed.id,
            inApp,
            expiresAt: definition.ttlHours ? new Date(new Date(parsed.occurredAt).getTime() + definition.ttlHours * HOUR) : null,
          },
          deliveries: (notificationId) => [
            ...(email ? [emailDelivery({ organizationId, notificationId, content, address }, route.recipientId, parsed.type)] : []),
            ...(push
              ? [
                  {
                    organizationId,
                    notificationId,
                    channel: 'PUSH' as const,
                    content,
                    address: null,
                    status: 'PENDING' as const,
                    lastError: null,
                  },
                ]
              : []),
          ],
        },
      ];
    });
    if (planned.length === 0) return [];

    const byRecipient = new Map(planned.map((plan) => [plan.notification.recipientId, plan]));
    return this.deps.data.transaction(organizationScope(organizationId), async ({ notifications, deliveries }) => {
      const created = await notifications.createNew(planned.map((plan) => plan.notification));
      await deliveries.createMany(created.flatMap((row) => byRecipient.get(row.recipientId)?.deliveries(row.id) ?? []));
      return created.filter((row) => row.inApp);
    });
  }
}

/**
 * An email delivery: PENDING when there is an address to send to. The directory may not have
 * heard of the user yet (or never will): then it is FAILED at once, and the log says why.
 */
function emailDelivery(
  delivery: Pick<NewDelivery, 'organizationId' | 'notificationId' | 'content' | 'address'>,
  recipientId: string,
  eventType: string,
): NewDelivery {
  return delivery.address
    ? { ...delivery, channel: 'EMAIL', status: 'PENDING', lastError: null }
    : {
        ...delivery,
        channel: 'EMAIL',
        status: 'FAILED',
        lastError: `No address known for user ${recipientId}: ${eventType} events carry none and the recipient directory has none`,
      };
}

/** Payload fields, the route's extras, and the ids every template may use (COMMON_VARIABLES). */
function variablesOf(event: DomainEvent, actorId: string | null, route: Route): Record<string, unknown> {
  const subjectType = route.subject?.type ?? '';
  return {
    ...event.payload,
    ...route.variables,
    actor: { id: actorId ?? '' },
    recipient: { id: route.recipientId },
    organization: { id: event.organizationId },
    subject: { type: subjectType, kind: subjectType.toLowerCase(), id: route.subject?.id ?? '' },
    event: { id: event.id, type: event.type, occurredAt: event.occurredAt },
  };
}

/** The organization's template, or the built-in one should it fail at render time (it parsed when saved). */
function render(template: TemplateSource, builtIn: TemplateSource, variables: Record<string, unknown>): RenderedNotification {
  try {
    return renderTemplate(template, variables);
  } catch {
    return renderTemplate(builtIn, variables);
  }
}
