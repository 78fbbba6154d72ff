import type { Viewer } from '@plaza/auth';
import {
  DomainError,
  isUniqueViolation,
  notFound,
  requireMember,
  requireRole,
  type ConnectionArgs,
  type DataAccess,
  type MemberViewer,
  type TenantScope,
} from '@plaza/subgraph-kit';
import type { DownloadService } from '../download/download.service.ts';
import type { OrderStatus, OrderTransactionKind } from '../generated/prisma/enums.ts';
import { applyStockChanges } from '../inventory/stock-changes.ts';
import { formatMoney } from '../money/format-money.ts';
import { RefundRefused } from '../payment/payment-provider.ts';
import type { PaymentService } from '../payment/payment.service.ts';
import type { RefundRecord } from '../refund/refund.repository.ts';
import type { CommerceRepositories } from '../repositories.ts';
import { beforeIdOf, newestFirst, requireAdminOrApiKey, seesWholeOrganization } from '../viewer.ts';
import { recordOrderPaid, recordOrderRefunded } from './order-events.ts';
import { afterRefund, requireTransition, type OrderAction } from './order-status.ts';
import type { OrderRecord } from './order.repository.ts';

/** The pending-refund job only asks which organizations have stale refunds; it completes each inside its organization's scope. */
const SYSTEM_SCOPE: TenantScope = { organizationId: null, userId: null };

function requireRefundable(order: OrderRecord, amount: number) {
  const left = order.total - order.refundedTotal;
  if (amount > left)
    throw new DomainError(
      'BAD_USER_INPUT',
      `Order #${order.number} has ${formatMoney(left, order.currency)} left to refund; ${formatMoney(amount, order.currency)} was asked`,
      { field: 'amount', left },
    );
}

/**
 * Orders are read by their customer and by admins; admins move them through their states
 * (order-status.ts). A change of state is a conditional update from the state it was checked
 * in, so of two concurrent changes one wins and the other gets CONFLICT with the current state.
 */
export class OrderService {
  constructor(
    private readonly deps: {
      data: DataAccess<CommerceRepositories>;
      /** Returns money through the provider of the order's payment, if it has one (payment.service.ts). */
      refunds?: Pick<PaymentService, 'refundablePayment' | 'refundThroughProvider'>;
      /** Grants the downloads of a paid order's digital items, in the transaction that pays it. */
      downloads?: Pick<DownloadService, 'grantForPaidOrder'>;
    },
  ) {}

  /** Newest first. Members see their own orders only; admins and API keys anyone's (or one customer's). */
  async list(viewer: Viewer, filter: { customerId?: string | null; status?: OrderStatus | null }, args: ConnectionArgs) {
    const wholeOrganization = seesWholeOrganization(viewer);
    const { organizationId, userId } = wholeOrganization ? requireAdminOrApiKey(viewer) : requireMember(viewer);
    if (!wholeOrganization && filter.customerId && filter.customerId !== userId)
      throw new DomainError('FORBIDDEN', "Only admins and owners see other members' orders", { requiredRole: 'ADMIN' });
    const customerId = wholeOrganization ? filter.customerId : userId;
    const rows = await this.deps.data
      .repositories(viewer)
      .orders.list(
        organizationId,
        { customerIds: customerId ? [customerId] : undefined, status: filter.status },
        { beforeId: beforeIdOf(args), take: args.first + 1 },
      );
    return newestFirst(rows, args);
  }

  /** Orders among `ids` the viewer may see: their own, or any for admins and API keys. */
  async findVisibleByIds(viewer: Viewer, ids: readonly string[]): Promise<OrderRecord[]> {
    const wholeOrganization = seesWholeOrganization(viewer);
    if (!viewer.organizationId || (!viewer.userId && !wholeOrganization)) return [];
    const orders = await this.deps.data.repositories(viewer).orders.findByIds(viewer.organizationId, ids);
    return wholeOrganization ? orders : orders.filter((order) => order.customerId === viewer.userId);
  }

  async find(viewer: Viewer, id: string, load: (id: string) => Promise<OrderRecord | null>): Promise<OrderRecord> {
    if (seesWholeOrganization(viewer)) requireAdminOrApiKey(viewer);
    else requireMember(viewer);
    const order = await load(id);
    if (!order) throw notFound('Order', id);
    return order;
  }

  /** Records a payment taken outside the shop (cash, bank transfer). */
  async markPaid(viewer: Viewer, id: string, note: string | null): Promise<OrderRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    return this.change(admin, id, 'pay', async (order, repositories) => {
      await recordOrderPaid(repositories, order, admin.userId);
      await this.deps.downloads?.grantForPaidOrder(repositories, order);
      return { status: 'PAID', kind: 'PAYMENT', amount: order.total, note };
    });
  }

  async fulfill(viewer: Viewer, id: string, note: string | null): Promise<OrderRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    return this.change(admin, id, 'fulfill', async () => ({ status: 'FULFILLED', kind: 'FULFILLMENT', amount: 0, note }));
  }

  /** Cancels a pending order and puts its counted stock back. */
  async cancel(viewer: Viewer, id: string, note: string | null): Promise<OrderRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    return this.change(admin, id, 'cancel', async (order, repositories) => {
      const items = await repositories.orders.itemsByOrderIds(admin.organizationId, [order.id]);
      await applyStockChanges(
        repositories,
        admin,
        items.map((item) => ({ variantId: item.variantId, quantity: item.quantity })),
        { reason: 'CANCELLATION', orderId: order.id },
      );
      return { status: 'CANCELLED', kind: 'CANCELLATION', amount: 0, note };
    });
  }

  /**
   * Refunds part or all of what was paid, never more than is left. The refund is recorded
   * PENDING first, then returned through the payment's provider with the refund's id as the
   * idempotency key, then completed with the order in one transaction. When an earlier call got
   * no further than the provider (a failure or crash before recording), the order's refund is
   * still pending: this call completes it first — the provider, asked again with the same key,
   * moves no more money — and counts as its retry when it asks for the same amount.
   */
  async refund(viewer: Viewer, id: string, amount: number, note: string | null): Promise<OrderRecord> {
    const admin = requireRole(viewer, 'ADMIN');
    const pending = await this.deps.data.repositories(admin).refunds.findPendingByOrder(admin.organizationId, id);
    if (pending) {
      const order = await this.completeRefund(admin, pending);
      if (pending.amount === amount) return order;
    }
    const refund = await this.deps.data.transaction(admin, async (repositories) => {
      // Locked: a refund completing meanwhile has committed what is left to refund before this reads it.
      const order = await repositories.orders.lockById(admin.organizationId, id);
      if (!order) throw notFound('Order', id);
      requireTransition(order, 'refund');
      requireRefundable(order, amount);
      const payment = await this.deps.refunds?.refundablePayment(repositories, order);
      try {
        return await repositories.refunds.create({
          organizationId: admin.organizationId,
          orderId: order.id,
          paymentId: payment?.id ?? null,
          amount,
          currency: order.currency,
          actorId: admin.userId,
          note,
        });
      } catch (error) {
        if (isUniqueViolation(error, 'Refund_one_pending_per_order'))
          throw new DomainError('CONFLICT', `Order #${order.number} has another refund in progress; try again when it completed`, {
            status: order.status,
          });
        throw error;
      }
    });
    return this.completeRefund(admin, refund);
  }

  /**
   * Completes refunds left PENDING for longer than `olderThanMs` — their request failed or its
   * process died between the provider's answer and recording it — so the order reflects money the
   * provider may already have returned without waiting for an admin to retry. Each is completed
   * as `refundOrder` would, on behalf of the admin who asked for it: the provider is asked again
   * with the refund's own idempotency key, so no money moves twice. A refund the provider refuses
   * becomes FAILED; other failures leave it pending for the next run, and the first of them is
   * thrown once every other refund had its turn (the job's runner logs it).
   */
  async completeStalePendingRefunds(olderThanMs: number, now: Date = new Date()): Promise<{ completed: number; failed: number }> {
    const createdBefore = new Date(now.getTime() - olderThanMs);
    const result = { completed: 0, failed: 0 };
    let unexpected: Error | undefined;
    const organizations = await this.deps.data.repositories(SYSTEM_SCOPE).refunds.organizationsWithPendingBefore(createdBefore);
    for (const organizationId of organizations) {
      const stale = await this.deps.data
        .repositories({ organizationId, userId: null })
        .refunds.findPendingBefore(organizationId, createdBefore);
      for (const refund of stale) {
        // Every refund is asked for by an admin (refundOrder requires one); completing it is their act.
        if (!refund.actorId) continue;
        const admin: MemberViewer = { organizationId, userId: refund.actorId, role: 'ADMIN' };
        try {
          await this.completeRefund(admin, refund);
          result.completed += 1;
        } catch (error) {
          result.failed += 1;
          if (!(error instanceof DomainError)) unexpected ??= error instanceof Error ? error : new Error(String(error));
        }
      }
    }
    if (unexpected) throw unexpected;
    return result;
  }

  /** Returns a pending refund's money through the provider (if it went through one), then records it with the order. */
  private async completeRefund(admin: MemberViewer, refund: RefundRecord): Promise<OrderRecord> {
    let providerRefundId: string | null = null;
    if (refund.paymentId && this.deps.refunds) {
      try {
        ({ providerRefundId } = await this.deps.refunds.refundThroughProvider(this.deps.data.repositories(admin), refund));
      } catch (error) {
        if (!(error instanceof RefundRefused)) throw error;
        await this.deps.data.repositories(admin).refunds.complete(refund.id, { status: 'FAILED', failureReason: error.message });
        throw new DomainError('CONFLICT', `The payment provider refused the refund: ${error.message}`, { refundId: refund.id });
      }
    }
    return this.change(admin, refund.orderId, 'refund', async (order, repositories) => {
      requireRefundable(order, refund.amount);
      if (!(await repositories.refunds.complete(refund.id, { status: 'SUCCEEDED', providerRefundId })))
        throw new DomainError('CONFLICT', `Refund ${refund.id} of order #${order.number} was completed concurrently`, {
          status: order.status,
        });
      const refundedTotal = order.refundedTotal + refund.amount;
      await recordOrderRefunded(repositories, order, { id: refund.id, amount: refund.amount, refundedTotal }, admin.userId);
      return {
        status: afterRefund(order.total, refundedTotal),
        kind: 'REFUND',
        amount: refund.amount,
        note: refund.note,
        refundedTotal,
      };
    });
  }

  private async change(
    admin: MemberViewer,
    id: string,
    action: OrderAction,
    decide: (
      order: OrderRecord,
      repositories: CommerceRepositories,
    ) => Promise<{ status: OrderStatus; kind: OrderTransactionKind; amount: number; note: string | null; refundedTotal?: number }>,
  ): Promise<OrderRecord> {
    return this.deps.data.transaction(admin, async (repositories) => {
      const order = await repositories.orders.lockById(admin.organizationId, id);
      if (!order) throw notFound('Order', id);
      requireTransition(order, action);
      const { status, kind, amount, note, refundedTotal } = await decide(order, repositories);
      if (!(await repositories.orders.transition(order.id, order, { status, refundedTotal }))) {
        const [current] = await repositories.orders.findByIds(admin.organizationId, [id]);
        requireTransition(current!, action);
        throw new DomainError('CONFLICT', `Order #${order.number} changed while this change was made; try again`, {
          status: current!.status,
        });
      }
      await repositories.orders.recordTransaction({
        organizationId: admin.organizationId,
        orderId: order.id,
        kind,
        amount,
        fromStatus: order.status,
        toStatus: status,
        actorId: admin.userId,
        note,
      });
      return (await repositories.orders.findByIds(admin.organizationId, [id]))[0]!;
    });
  }
}
