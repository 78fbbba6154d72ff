import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { OrderStatus, OrderTransactionKind } from '../generated/prisma/enums.ts';

const orderSelect = {
  id: true,
  organizationId: true,
  number: true,
  customerId: true,
  status: true,
  currency: true,
  subtotal: true,
  discountTotal: true,
  taxTotal: true,
  total: true,
  refundedTotal: true,
  discountCode: true,
  idempotencyKey: true,
  placedAt: true,
  updatedAt: true,
} satisfies Prisma.OrderSelect;

export type OrderRecord = Prisma.OrderGetPayload<{ select: typeof orderSelect }>;

const itemSelect = {
  id: true,
  orderId: true,
  productId: true,
  variantId: true,
  productName: true,
  variantTitle: true,
  sku: true,
  unitPrice: true,
  quantity: true,
  lineTotal: true,
} satisfies Prisma.OrderItemSelect;

export type OrderItemRecord = Prisma.OrderItemGetPayload<{ select: typeof itemSelect }>;

const transactionSelect = {
  id: true,
  orderId: true,
  kind: true,
  amount: true,
  fromStatus: true,
  toStatus: true,
  actorId: true,
  note: true,
  createdAt: true,
} satisfies Prisma.OrderTransactionSelect;

export type OrderTransactionRecord = Prisma.OrderTransactionGetPayload<{ select: typeof transactionSelect }>;

export type NewOrder = Omit<OrderRecord, 'status' | 'refundedTotal' | 'placedAt' | 'updatedAt'> & {
  items: Omit<OrderItemRecord, 'id' | 'orderId'>[];
};

export interface NewOrderTransaction {
  organizationId: string;
  orderId: string;
  kind: OrderTransactionKind;
  amount: number;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus;
  actorId: string | null;
  note: string | null;
}

export class OrderRepository {
  constructor(private readonly db: Db) {}

  findByIds(organizationId: string, ids: readonly string[]): Promise<OrderRecord[]> {
    return this.db.order.findMany({ where: { organizationId, id: { in: [...ids] } }, select: orderSelect });
  }

  /**
   * The order, its row locked until the transaction ends: every change of an order's money (a
   * refund created, a state changed) takes this lock first, so each reads what the one before
   * committed and all take their locks in one order.
   */
  async lockById(organizationId: string, id: string): Promise<OrderRecord | null> {
    await this.db.$queryRaw`SELECT "id" FROM "Order" WHERE "id" = ${id} AND "organizationId" = ${organizationId} FOR UPDATE`;
    return this.db.order.findFirst({ where: { organizationId, id }, select: orderSelect });
  }

  findByIdempotencyKey(organizationId: string, customerId: string, idempotencyKey: string): Promise<OrderRecord | null> {
    return this.db.order.findUnique({
      where: { organizationId_customerId_idempotencyKey: { organizationId, customerId, idempotencyKey } },
      select: orderSelect,
    });
  }

  /** Newest first, keyset-paginated on the time-ordered id. */
  list(
    organizationId: string,
    filter: { customerIds?: readonly string[]; status?: OrderStatus | null },
    page: { beforeId?: string; take: number },
  ) {
    return this.db.order.findMany({
      where: {
        organizationId,
        ...(filter.customerIds ? { customerId: { in: [...filter.customerIds] } } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(page.beforeId ? { id: { lt: page.beforeId } } : {}),
      },
      orderBy: { id: 'desc' },
      take: page.take,
      select: orderSelect,
    });
  }

  async create({ items, ...order }: NewOrder): Promise<OrderRecord> {
    return this.db.order.create({
      data: { ...order, items: { create: items.map((item) => ({ ...item, organizationId: order.organizationId })) } },
      select: orderSelect,
    });
  }

  /** Moves the order only from the state it was read in: false when a concurrent change came first. */
  async transition(
    id: string,
    from: Pick<OrderRecord, 'status' | 'refundedTotal'>,
    data: { status: OrderStatus; refundedTotal?: number },
  ): Promise<boolean> {
    const { count } = await this.db.order.updateMany({ where: { id, status: from.status, refundedTotal: from.refundedTotal }, data });
    return count === 1;
  }

  itemsByOrderIds(organizationId: string, orderIds: readonly string[]): Promise<OrderItemRecord[]> {
    return this.db.orderItem.findMany({
      where: { organizationId, orderId: { in: [...orderIds] } },
      orderBy: { id: 'asc' },
      select: itemSelect,
    });
  }

  transactionsByOrderIds(organizationId: string, orderIds: readonly string[]): Promise<OrderTransactionRecord[]> {
    return this.db.orderTransaction.findMany({
      where: { organizationId, orderId: { in: [...orderIds] } },
      orderBy: { id: 'asc' },
      select: transactionSelect,
    });
  }

  async recordTransaction(data: NewOrderTransaction): Promise<void> {
    await this.db.orderTransaction.create({ data, select: { id: true } });
  }

  async productHasOrders(organizationId: string, productId: string): Promise<boolean> {
    return (await this.db.orderItem.count({ where: { organizationId, productId } })) > 0;
  }
}
