import type { CommerceRepositories } from '../repositories.ts';
import { isApplicable, orderTotals, type PricedLine } from '../discount/discount-rules.ts';
import type { DiscountRecord } from '../discount/discount.repository.ts';
import { unitPriceOf } from '../variant/pricing.ts';
import type { CartItemRecord, CartRecord } from './cart.repository.ts';

/** One cart line priced now, with what keeps it from being bought, if anything. */
export interface QuotedLine extends PricedLine {
  variantId: string;
  productName: string;
  variantTitle: string;
  sku: string | null;
  quantity: number;
  currency: string;
  unitPrice: number;
  /** Why the line cannot be bought now (not on sale, no price in the cart's currency); null when it can. */
  problem: string | null;
}

/** A cart with every amount computed by the server from current prices and discounts. */
export interface CartQuote {
  cart: CartRecord;
  lines: QuotedLine[];
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  /** The best automatic discount that applies, and what it takes off. */
  automaticDiscount: { discount: DiscountRecord; amount: number } | null;
  /** The cart's code, when it applies now, and what it takes off. */
  code: { discount: DiscountRecord; amount: number } | null;
}

/**
 * Prices a cart: current unit prices (with quantity breaks) in the cart's currency, the best
 * automatic discount, the cart's code when it applies, and the organization's tax rate. The
 * same function prices the cart shown and the order placed, so the two never disagree.
 */
export async function quoteCart(
  repositories: Pick<CommerceRepositories, 'variants' | 'products' | 'categories' | 'discounts' | 'shop'>,
  cart: CartRecord,
  items: readonly CartItemRecord[],
  now: Date,
): Promise<CartQuote> {
  const { organizationId, currency } = cart;
  const variantIds = items.map((item) => item.variantId);
  const variants = new Map((await repositories.variants.findByIds(organizationId, variantIds)).map((variant) => [variant.id, variant]));
  const productIds = [...new Set([...variants.values()].map((variant) => variant.productId))];
  const [products, prices, categories, settings, automatic, code] = await Promise.all([
    repositories.products.findByIds(organizationId, productIds),
    repositories.variants.pricesByVariantIds(organizationId, variantIds),
    repositories.categories.findByProductIds(organizationId, productIds),
    repositories.shop.find(organizationId),
    repositories.discounts.findAutomatic(organizationId),
    cart.discountCode ? repositories.discounts.findByCode(organizationId, cart.discountCode) : null,
  ]);
  const productById = new Map(products.map((product) => [product.id, product]));
  const lines = items.flatMap((item): QuotedLine[] => {
    const variant = variants.get(item.variantId);
    const product = variant && productById.get(variant.productId);
    if (!variant || !product) return [];
    const unitPrice = unitPriceOf(
      prices.filter((price) => price.variantId === variant.id),
      currency,
      item.quantity,
    );
    const problem =
      product.status !== 'ACTIVE'
        ? `Product ${product.name} is not on sale (${product.status})`
        : unitPrice === null
          ? `Variant ${variant.sku ?? variant.id} has no price in ${currency}`
          : null;
    return [
      {
        variantId: variant.id,
        productId: product.id,
        categoryIds: categories.filter((category) => category.productId === product.id).map((category) => category.id),
        productName: product.name,
        variantTitle: variant.title,
        sku: variant.sku,
        quantity: item.quantity,
        currency,
        unitPrice: unitPrice ?? 0,
        lineTotal: problem ? 0 : (unitPrice ?? 0) * item.quantity,
        problem,
      },
    ];
  });
  const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  const applicableCode = code?.active && isApplicable(code, { now, subtotal, currency }) ? code : null;
  const totals = orderTotals(lines, {
    currency,
    now,
    automatic,
    code: applicableCode,
    taxRateBasisPoints: settings?.taxRateBasisPoints ?? 0,
  });
  return {
    cart,
    lines,
    subtotal: totals.subtotal,
    discount: totals.discount,
    tax: totals.tax,
    total: totals.total,
    automaticDiscount: totals.automatic,
    code: applicableCode ? { discount: applicableCode, amount: totals.codeDiscount } : null,
  };
}
