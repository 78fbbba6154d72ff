import type { Viewer } from '@plaza/auth';
import { DomainError, isUniqueViolation, requireMember, type DataAccess, type MemberViewer } from '@plaza/subgraph-kit';
import { v7 as uuidv7 } from 'uuid';
import { requireApplicable, requireUsesLeft } from '../discount/discount-rules.ts';
import { applyStockChanges } from '../inventory/stock-changes.ts';
import { recordOrderPlaced } from '../order/order-events.ts';
import type { OrderRecord } from '../order/order.repository.ts';
import type { CommerceRepositories } from '../repositories.ts';
import { quoteCart } from './cart-quote.ts';

/**
 * Turns the viewer's cart into an order in one transaction: prices, discount use, stock and the
 * order number all commit together or not at all. The client's idempotency key makes a retry
 * (even one sent while the first is still running) return the first order instead of a second.
 *
 * Locks are always taken in the same order — the buyer's cart, the variants (by id), the
 * discount, the organization's order counter — so concurrent checkouts wait, never deadlock.
 */
export class CheckoutService {
  constructor(private readonly deps: { data: DataAccess<CommerceRepositories>; now?: () => Date }) {}

  async checkout(viewer: Viewer, idempotencyKey: string): Promise<OrderRecord> {
    const member = requireMember(viewer);
    const { organizationId, userId } = member;
    const placed = await this.deps.data.repositories(viewer).orders.findByIdempotencyKey(organizationId, userId, idempotencyKey);
    if (placed) return placed;
    try {
      return await this.deps.data.transaction(viewer, (repositories) => this.place(repositories, member, idempotencyKey));
    } catch (error) {
      // Two checkouts with one key raced past the lookup above: the unique index let one order through.
      if (!isUniqueViolation(error, 'idempotencyKey')) throw error;
      const order = await this.deps.data.repositories(viewer).orders.findByIdempotencyKey(organizationId, userId, idempotencyKey);
      if (!order) throw error;
      return order;
    }
  }

  private async place(repositories: CommerceRepositories, member: MemberViewer, idempotencyKey: string): Promise<OrderRecord> {
    const { organizationId, userId } = member;
    const now = this.deps.now?.() ?? new Date();
    const cart = await repositories.carts.lockOpen(organizationId, userId);
    if (!cart) {
      // A checkout with the same key that held the cart's lock has just committed: its order is the answer.
      const order = await repositories.orders.findByIdempotencyKey(organizationId, userId, idempotencyKey);
      if (order) return order;
    }
    const items = cart ? await repositories.carts.items(cart.id) : [];
    if (!cart || !items.length)
      throw new DomainError('BAD_USER_INPUT', 'Your cart is empty: add items before checking out', { field: 'cart' });
    const quote = await quoteCart(repositories, cart, items, now);
    const problem = quote.lines.find((line) => line.problem);
    if (problem)
      throw new DomainError('CONFLICT', `${problem.problem}: remove it from your cart to check out`, { variantId: problem.variantId });

    const orderId = uuidv7();
    // Uses are counted under the discount's row lock: of concurrent checkouts, only as many as
    // the limits allow get through.
    const used = [quote.automaticDiscount?.discount, quote.code?.discount].filter((discount) => !!discount);
    for (const { id } of used.toSorted((a, b) => a.id.localeCompare(b.id))) {
      const discount = (await repositories.discounts.lock(organizationId, id))!;
      requireUsesLeft(discount, await repositories.discounts.countRedemptions(organizationId, discount.id, userId));
    }
    if (cart.discountCode && !quote.code) {
      const discount = await repositories.discounts.findByCode(organizationId, cart.discountCode);
      if (!discount?.active)
        throw new DomainError('BAD_USER_INPUT', `Discount code ${cart.discountCode} is not valid in this shop`, { field: 'code' });
      requireApplicable(discount, { now, subtotal: quote.subtotal, currency: cart.currency });
    }
    await applyStockChanges(
      repositories,
      member,
      quote.lines.map((line) => ({ variantId: line.variantId, quantity: -line.quantity })),
      { reason: 'SALE', orderId },
    );
    const number = await repositories.shop.takeOrderNumber(organizationId);
    const order = await repositories.orders.create({
      id: orderId,
      organizationId,
      number,
      customerId: userId,
      currency: cart.currency,
      subtotal: quote.subtotal,
      discountTotal: quote.discount,
      taxTotal: quote.tax,
      total: quote.total,
      discountCode: quote.code?.discount.code ?? null,
      idempotencyKey,
      items: quote.lines.map((line) => ({
        productId: line.productId,
        variantId: line.variantId,
        productName: line.productName,
        variantTitle: line.variantTitle,
        sku: line.sku,
        unitPrice: line.unitPrice,
        quantity: line.quantity,
        lineTotal: line.lineTotal,
      })),
    });
    for (const applied of [quote.automaticDiscount, quote.code]) {
      if (applied)
        await repositories.discounts.redeem({
          organizationId,
          discountId: applied.discount.id,
          customerId: userId,
          orderId,
          amount: applied.amount,
        });
    }
    await repositories.orders.recordTransaction({
      organizationId,
      orderId,
      kind: 'PLACED',
      amount: quote.total,
      fromStatus: null,
      toStatus: 'PENDING',
      actorId: userId,
      note: null,
    });
    await recordOrderPlaced(repositories, order, userId);
    await repositories.carts.delete(cart.id);
    return order;
  }
}
