import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { sqlColumns } from '../sql.ts';

const cartSelect = {
  id: true,
  organizationId: true,
  userId: true,
  currency: true,
  discountCode: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.CartSelect;

export type CartRecord = Prisma.CartGetPayload<{ select: typeof cartSelect }>;

const itemSelect = { cartId: true, variantId: true, quantity: true, createdAt: true } satisfies Prisma.CartItemSelect;

export type CartItemRecord = Prisma.CartItemGetPayload<{ select: typeof itemSelect }>;

export class CartRepository {
  constructor(private readonly db: Db) {}

  findOpen(organizationId: string, userId: string): Promise<CartRecord | null> {
    return this.db.cart.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: cartSelect });
  }

  /** The member's open cart, created when there is none (the unique index keeps it one per member). */
  open(organizationId: string, userId: string, currency: string): Promise<CartRecord> {
    return this.db.cart.upsert({
      where: { organizationId_userId: { organizationId, userId } },
      create: { organizationId, userId, currency },
      update: {},
      select: cartSelect,
    });
  }

  /** The member's open cart, its row locked until the transaction ends: one checkout of a cart at a time. */
  async lockOpen(organizationId: string, userId: string): Promise<CartRecord | null> {
    const rows = await this.db.$queryRaw<CartRecord[]>`
      SELECT ${sqlColumns(cartSelect)}
      FROM "Cart" WHERE "organizationId" = ${organizationId} AND "userId" = ${userId} FOR UPDATE`;
    return rows[0] ?? null;
  }

  update(id: string, data: Partial<Pick<CartRecord, 'currency' | 'discountCode'>>): Promise<CartRecord> {
    return this.db.cart.update({ where: { id }, data, select: cartSelect });
  }

  /** In the order they were added. */
  items(cartId: string): Promise<CartItemRecord[]> {
    return this.db.cartItem.findMany({ where: { cartId }, orderBy: { createdAt: 'asc' }, select: itemSelect });
  }

  async setQuantity(cart: Pick<CartRecord, 'id' | 'organizationId'>, variantId: string, quantity: number): Promise<void> {
    if (quantity === 0) {
      await this.db.cartItem.deleteMany({ where: { cartId: cart.id, variantId } });
      return;
    }
    await this.db.cartItem.upsert({
      where: { cartId_variantId: { cartId: cart.id, variantId } },
      create: { organizationId: cart.organizationId, cartId: cart.id, variantId, quantity },
      update: { quantity },
      select: { cartId: true },
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.cart.delete({ where: { id }, select: { id: true } });
  }
}
