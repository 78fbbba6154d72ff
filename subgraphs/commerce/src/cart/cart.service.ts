import type { Viewer } from '@plaza/auth';
import { DomainError, notFound, requireMember, type DataAccess } from '@plaza/subgraph-kit';
import { requireApplicable, requireUsesLeft } from '../discount/discount-rules.ts';
import type { CommerceRepositories } from '../repositories.ts';
import { unitPriceOf } from '../variant/pricing.ts';
import { quoteCart, type CartQuote } from './cart-quote.ts';
import type { AddToCartInput } from './cart.validation.ts';

const MAX_LINE_QUANTITY = 10_000;

/**
 * Every member has at most one open cart per organization. Amounts are never stored: each read
 * prices the cart anew from the catalog and the discounts (cart-quote.ts).
 */
export class CartService {
  constructor(private readonly deps: { data: DataAccess<CommerceRepositories>; now?: () => Date }) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  /** The viewer's open cart, priced; null when they have none. */
  async view(viewer: Viewer): Promise<CartQuote | null> {
    const { organizationId, userId } = requireMember(viewer);
    return this.deps.data.transaction(viewer, async (repositories) => {
      const cart = await repositories.carts.findOpen(organizationId, userId);
      return cart ? quoteCart(repositories, cart, await repositories.carts.items(cart.id), this.now()) : null;
    });
  }

  /** Adds units of a variant on sale, priced in the cart's currency (the first item chooses it). */
  async add(viewer: Viewer, input: AddToCartInput): Promise<CartQuote> {
    const { organizationId, userId } = requireMember(viewer);
    return this.deps.data.transaction(viewer, async (repositories) => {
      const [variant] = await repositories.variants.findByIds(organizationId, [input.variantId]);
      const [product] = variant ? await repositories.products.findByIds(organizationId, [variant.productId]) : [];
      if (!variant || !product || product.status === 'DRAFT') throw notFound('ProductVariant', input.variantId);
      if (product.status !== 'ACTIVE')
        throw new DomainError('CONFLICT', `Product ${product.name} is not on sale (${product.status})`, { productId: product.id });
      const prices = await repositories.variants.pricesByVariantIds(organizationId, [variant.id]);
      const cart = await repositories.carts.open(organizationId, userId, input.currency);
      const items = await repositories.carts.items(cart.id);
      if (cart.currency !== input.currency) {
        if (items.length)
          throw new DomainError('BAD_USER_INPUT', `Your cart is in ${cart.currency}: empty it before buying in ${input.currency}`, {
            field: 'currency',
          });
        await repositories.carts.update(cart.id, { currency: input.currency });
      }
      const quantity = (items.find((item) => item.variantId === variant.id)?.quantity ?? 0) + input.quantity;
      if (quantity > MAX_LINE_QUANTITY)
        throw new DomainError('BAD_USER_INPUT', `A cart holds at most ${MAX_LINE_QUANTITY} of one variant; this would make ${quantity}`, {
          field: 'quantity',
        });
      if (unitPriceOf(prices, input.currency, quantity) === null)
        throw new DomainError('BAD_USER_INPUT', `Variant ${variant.sku ?? variant.id} has no price in ${input.currency}`, {
          field: 'currency',
        });
      await repositories.carts.setQuantity(cart, variant.id, quantity);
      return this.quote(repositories, organizationId, userId);
    });
  }

  /** Sets a line's quantity; 0 removes it. */
  async setQuantity(viewer: Viewer, variantId: string, quantity: number): Promise<CartQuote> {
    const { organizationId, userId } = requireMember(viewer);
    return this.deps.data.transaction(viewer, async (repositories) => {
      const cart = await repositories.carts.findOpen(organizationId, userId);
      const line = cart && (await repositories.carts.items(cart.id)).find((item) => item.variantId === variantId);
      if (!cart || !line)
        throw new DomainError('NOT_FOUND', `Variant ${variantId} is not in your cart`, { entity: 'CartItem', id: variantId });
      await repositories.carts.setQuantity(cart, variantId, quantity);
      return this.quote(repositories, organizationId, userId);
    });
  }

  /**
   * Applies a code to the cart: unknown codes (including other organizations') and codes out of
   * their window or below their minimum order are BAD_USER_INPUT, used-up ones CONFLICT.
   * Checkout checks and counts again, atomically.
   */
  async applyCode(viewer: Viewer, code: string): Promise<CartQuote> {
    const { organizationId, userId } = requireMember(viewer);
    return this.deps.data.transaction(viewer, async (repositories) => {
      const cart = await repositories.carts.findOpen(organizationId, userId);
      if (!cart) throw new DomainError('BAD_USER_INPUT', 'Your cart is empty: add items before a discount code', { field: 'code' });
      const discount = await repositories.discounts.findByCode(organizationId, code);
      if (!discount?.active) throw new DomainError('BAD_USER_INPUT', `Discount code ${code} is not valid in this shop`, { field: 'code' });
      const quote = await quoteCart(repositories, cart, await repositories.carts.items(cart.id), this.now());
      requireApplicable(discount, { now: this.now(), subtotal: quote.subtotal, currency: cart.currency });
      requireUsesLeft(discount, await repositories.discounts.countRedemptions(organizationId, discount.id, userId));
      await repositories.carts.update(cart.id, { discountCode: discount.code });
      return this.quote(repositories, organizationId, userId);
    });
  }

  async removeCode(viewer: Viewer): Promise<CartQuote> {
    const { organizationId, userId } = requireMember(viewer);
    return this.deps.data.transaction(viewer, async (repositories) => {
      const cart = await repositories.carts.findOpen(organizationId, userId);
      if (!cart) throw new DomainError('NOT_FOUND', 'You have no open cart', { entity: 'Cart' });
      await repositories.carts.update(cart.id, { discountCode: null });
      return this.quote(repositories, organizationId, userId);
    });
  }

  private async quote(repositories: CommerceRepositories, organizationId: string, userId: string): Promise<CartQuote> {
    const cart = (await repositories.carts.findOpen(organizationId, userId))!;
    return quoteCart(repositories, cart, await repositories.carts.items(cart.id), this.now());
  }
}
