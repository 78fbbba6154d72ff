import { idSchema, parseInput } from '@plaza/subgraph-kit';
import type { CartLineResolvers, CartResolvers, MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { codeSchema } from '../discount/discount.validation.ts';
import { addToCartInput, cartQuantitySchema, idempotencyKeySchema } from './cart.validation.ts';

export const cartQueries: QueryResolvers = {
  cart: (_, __, { viewer, services }) => services.carts.view(viewer),
};

export const cartMutations: MutationResolvers = {
  addToCart: (_, { input }, { viewer, services }) => services.carts.add(viewer, parseInput(addToCartInput, input)),
  setCartItemQuantity: (_, { variantId, quantity }, { viewer, services }) =>
    services.carts.setQuantity(viewer, parseInput(idSchema, variantId), parseInput(cartQuantitySchema, quantity)),
  applyDiscountCode: (_, { code }, { viewer, services }) => services.carts.applyCode(viewer, parseInput(codeSchema, code)),
  removeDiscountCode: (_, __, { viewer, services }) => services.carts.removeCode(viewer),
  checkout: (_, { idempotencyKey }, { viewer, services }) =>
    services.checkout.checkout(viewer, parseInput(idempotencyKeySchema, idempotencyKey)),
};

const money = (amount: number, currency: string) => ({ amount, currency });

export const Cart: CartResolvers = {
  id: (quote) => quote.cart.id,
  currency: (quote) => quote.cart.currency,
  lines: (quote) => quote.lines,
  discountCode: (quote) => quote.cart.discountCode,
  automaticDiscount: (quote) => quote.automaticDiscount?.discount.name ?? null,
  subtotal: (quote) => money(quote.subtotal, quote.cart.currency),
  discount: (quote) => money(quote.discount, quote.cart.currency),
  tax: (quote) => money(quote.tax, quote.cart.currency),
  total: (quote) => money(quote.total, quote.cart.currency),
};

export const CartLine: CartLineResolvers = {
  variant: (line, _, { loaders }) => loaders.variantById.load(line.variantId),
  unitPrice: (line) => money(line.unitPrice, line.currency),
  lineTotal: (line) => money(line.lineTotal, line.currency),
};
