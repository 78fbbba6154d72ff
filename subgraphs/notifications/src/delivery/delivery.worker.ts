import { createLogger, type DataAccess, type Logger } from '@plaza/subgraph-kit';
import type { NotificationsRepositories } from '../repositories.ts';
import { JOB_SCOPE, organizationScope } from '../tenant-scopes.ts';
import { deliveryContentSchema, type DeliveryContent } from './delivery-content.ts';
import type { ClaimedDelivery } from './delivery.repository.ts';
import type { EmailTransport } from './email-transport.ts';
import type { PushTransport } from './push-transport.ts';

export interface DeliveryWorkerOptions {
  data: DataAccess<NotificationsRepositories>;
  /** Where email goes: SMTP or the mailbox folder, chosen from the settings by createServices. */
  email: EmailTransport;
  /** Where push goes: Web Push to each of the recipient's browsers (WebPushTransport). */
  push: PushTransport;
  /** Deliveries claimed per run. Default 50. */
  batchSize?: number;
  /** Attempts before a delivery is FAILED for good. Default 6. */
  maxAttempts?: number;
  /** Wait after the first failed attempt; doubles with each further one. Default 30 000 ms. */
  baseDelayMs?: number;
  /** Longest wait between attempts. Default 3 600 000 ms (1 h). */
  maxDelayMs?: number;
  /** How long a claimed delivery stays reserved for the run that claimed it. Default 300 000 ms. */
  leaseMs?: number;
  log?: Logger;
}

/** What one run did. */
export interface DeliveryRunResult {
  claimed: number;
  sent: number;
  /** Failed this time, to be retried later. */
  retrying: number;
  /** Failed for good: out of attempts, or nowhere to send (no push subscription left). */
  failed: number;
}

/** Wait before the attempt after `attempts` failed ones: base · 2^(attempts−1), capped. */
export function backoffDelay(attempts: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/** Sent, or failed for good without further attempts (a retry could not change it). */
type SendOutcome = { sent: true } | { sent: false; reason: string };

const SENT: SendOutcome = { sent: true };

/**
 * Sends due email and push deliveries and records each outcome. It keeps no timer: the host
 * calls `runOnce` periodically (and may run several workers: rows are claimed with SKIP LOCKED).
 */
export class DeliveryWorker {
  private readonly push: PushTransport;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly leaseMs: number;
  private readonly log: Logger;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.push = options.push;
    this.batchSize = options.batchSize ?? 50;
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 30_000;
    this.maxDelayMs = options.maxDelayMs ?? 3_600_000;
    this.leaseMs = options.leaseMs ?? 300_000;
    this.log = options.log ?? createLogger('notifications.delivery');
  }

  /** Claims the PENDING deliveries due at `now`, sends them one by one and records each outcome. */
  async runOnce(now: Date = new Date()): Promise<DeliveryRunResult> {
    const result: DeliveryRunResult = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
    const organizations = await this.options.data.repositories(JOB_SCOPE).deliveries.organizationsWithDueDeliveries(now);
    for (const organizationId of organizations) {
      if (result.claimed >= this.batchSize) break;
      await this.deliverFor(organizationId, now, result);
    }
    return result;
  }

  /** Claims and sends one organization's due deliveries, inside its row-level security scope. */
  private async deliverFor(organizationId: string, now: Date, result: DeliveryRunResult): Promise<void> {
    const { deliveries } = this.options.data.repositories(organizationScope(organizationId));
    const claimed = await deliveries.claimDue(organizationId, now, new Date(now.getTime() + this.leaseMs), this.batchSize - result.claimed);
    result.claimed += claimed.length;
    for (const delivery of claimed) {
      try {
        const outcome = await this.send(delivery);
        if (outcome.sent) {
          await deliveries.markSent(delivery.id, new Date());
          result.sent += 1;
        } else {
          await deliveries.markFailed(delivery.id, outcome.reason);
          result.failed += 1;
          this.log.info({ deliveryId: delivery.id, channel: delivery.channel, reason: outcome.reason }, 'delivery undeliverable');
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (delivery.attempts >= this.maxAttempts) {
          await deliveries.markFailed(delivery.id, `Gave up after ${delivery.attempts} attempts: ${message}`);
          result.failed += 1;
          this.log.warn({ deliveryId: delivery.id, channel: delivery.channel, err: error }, 'delivery failed for good');
        } else {
          const delay = backoffDelay(delivery.attempts, this.baseDelayMs, this.maxDelayMs);
          await deliveries.scheduleRetry(delivery.id, new Date(now.getTime() + delay), message);
          result.retrying += 1;
        }
      }
    }
  }

  /** Resolves with the outcome; rejects when the attempt failed and another may succeed. */
  private async send(delivery: ClaimedDelivery): Promise<SendOutcome> {
    // Parsed here, not when claimed: a damaged row fails its own attempts and ends FAILED, not the run.
    const parsed = deliveryContentSchema.safeParse(delivery.content);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'content'}: ${issue.message}`).join('; ');
      throw new Error(`Delivery ${delivery.id} has no valid content (${problems})`);
    }
    const content = parsed.data;
    switch (delivery.channel) {
      case 'EMAIL':
        if (!delivery.address) throw new Error(`Delivery ${delivery.id} has no email address`);
        await this.options.email.send({
          id: delivery.id,
          to: delivery.address,
          subject: content.title,
          text: content.body,
          html: content.html,
        });
        return SENT;
      case 'PUSH':
        return this.sendPush(delivery, content);
      case 'IN_APP':
        throw new Error(`Delivery ${delivery.id} is IN_APP: the app shows those without a delivery`);
      default: {
        const unreachable: never = delivery.channel;
        throw new Error(`Delivery ${delivery.id} has unknown channel ${String(unreachable)}`);
      }
    }
  }

  /**
   * One push message to every browser the recipient registered in the organization. SENT when at
   * least one push service accepted it (the member has it on a device; resending would duplicate
   * it there). Subscriptions a push service says are gone (404/410) are deleted. With none
   * accepted: another attempt when some push service failed otherwise, FAILED when none is left.
   */
  private async sendPush(delivery: ClaimedDelivery, content: DeliveryContent): Promise<SendOutcome> {
    const { pushSubscriptions } = this.options.data.repositories(organizationScope(delivery.organizationId));
    const targets = await pushSubscriptions.findTargets(delivery.organizationId, content.recipientId);
    if (targets.length === 0) return { sent: false, reason: 'no push subscription' };
    const message = { title: content.title, body: content.body, url: `/notifications/${delivery.notificationId}` };
    let accepted = 0;
    const expired: string[] = [];
    const errors: string[] = [];
    for (const target of targets) {
      try {
        if ((await this.push.send(target, message)) === 'accepted') {
          accepted += 1;
        } else {
          await pushSubscriptions.removeById(target.id);
          expired.push(new URL(target.endpoint).origin);
        }
      } catch (error) {
        errors.push(error instanceof Error ? error.message : String(error));
      }
    }
    if (accepted > 0) {
      if (errors.length > 0) this.log.warn({ deliveryId: delivery.id, errors }, 'push reached some browsers only');
      return SENT;
    }
    if (errors.length > 0) throw new Error(errors.join('; '));
    return { sent: false, reason: `no push subscription (expired: ${expired.join(', ')})` };
  }
}
