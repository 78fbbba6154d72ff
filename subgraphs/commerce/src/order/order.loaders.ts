import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader } from '@plaza/subgraph-kit';
import type { CommerceRepositories } from '../repositories.ts';
import type { OrderService } from './order.service.ts';

/** Orders of one request and their lines and history. Callers reach lines through an order the viewer may see. */
export function createOrderLoaders({
  viewer,
  repositories,
  orders,
}: {
  viewer: Viewer;
  repositories: CommerceRepositories;
  orders: Pick<OrderService, 'findVisibleByIds'>;
}) {
  const organizationId = viewer.organizationId ?? '';
  return {
    /** Orders the viewer may see (their own; any for admins), by id. */
    orderById: createKeyedLoader(
      (ids: readonly string[]) => orders.findVisibleByIds(viewer, ids),
      (order) => order.id,
    ),
    orderItemsByOrderId: createGroupedLoader(
      (ids: readonly string[]) => repositories.orders.itemsByOrderIds(organizationId, ids),
      (item) => item.orderId,
    ),
    paymentsByOrderId: createGroupedLoader(
      (ids: readonly string[]) => repositories.payments.findByOrderIds(organizationId, ids),
      (payment) => payment.orderId,
    ),
    orderTransactionsByOrderId: createGroupedLoader(
      (ids: readonly string[]) => repositories.orders.transactionsByOrderIds(organizationId, ids),
      (transaction) => transaction.orderId,
    ),
  };
}
