import { z } from 'zod';

/**
 * Live messages between services that are not domain events: fire-and-forget, after commit,
 * for whoever is listening now (see live-pubsub.ts).
 *
 * Identity announces that what a user may do changed — a role changed, a membership ended, a
 * session was signed out — so every gateway drops what it cached about that user at once and
 * ends their subscriptions; its cache's short lifetime covers a message that is lost.
 */
export const VIEWER_ACCESS_CHANGED = 'identity.viewer-access.changed';
/** The one routing key of broadcast topics: every listener gets every message. */
export const BROADCAST = 'all';

export const viewerAccessChange = z.object({
  userId: z.string().min(1),
  /** The organization concerned; null when every organization of the user is (sign-out everywhere). */
  organizationId: z.string().min(1).nullable(),
  /** What happened, for logs and for how subscriptions end. */
  reason: z.enum(['ROLE_CHANGED', 'MEMBERSHIP_ENDED', 'SIGNED_OUT']),
});
export type ViewerAccessChange = z.output<typeof viewerAccessChange>;
