import type { Viewer } from '@plaza/auth';
import { requireMember, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { NotificationsRepositories } from '../repositories.ts';
import type { PushSubscriptionRecord } from './push.repository.ts';
import { registerPushSubscriptionArgs, type removePushSubscriptionArgs } from './push.validation.ts';

/**
 * The browsers a member receives push notifications on, per organization, and the VAPID public
 * key they subscribe with. Sending is the delivery worker's (see WebPushTransport).
 */
export class PushService {
  /** The input rule of registerPushSubscription, which depends on PLAZA_PUSH_ALLOW_INSECURE_ENDPOINTS. */
  readonly registerArgs: ReturnType<typeof registerPushSubscriptionArgs>;

  constructor(
    private readonly deps: {
      data: DataAccess<NotificationsRepositories>;
      /** The VAPID public key (base64url), handed to browsers as their applicationServerKey. */
      vapidPublicKey: string;
      allowInsecureEndpoints: boolean;
    },
  ) {
    this.registerArgs = registerPushSubscriptionArgs(deps.allowInsecureEndpoints);
  }

  /** Public by design: a browser needs it before anyone signs in to subscribe. */
  publicKey(): string {
    return this.deps.vapidPublicKey;
  }

  /** Idempotent per endpoint: the same browser registering again keeps one row, with its latest keys. */
  register(viewer: Viewer, args: z.output<ReturnType<typeof registerPushSubscriptionArgs>>): Promise<PushSubscriptionRecord> {
    const { organizationId, userId } = requireMember(viewer);
    const { endpoint, keys } = args.input;
    return this.deps.data.repositories(viewer).pushSubscriptions.upsert({ organizationId, userId, endpoint, ...keys });
  }

  remove(viewer: Viewer, args: z.output<typeof removePushSubscriptionArgs>): Promise<boolean> {
    const { organizationId, userId } = requireMember(viewer);
    return this.deps.data.repositories(viewer).pushSubscriptions.remove(organizationId, userId, args.endpoint);
  }
}
