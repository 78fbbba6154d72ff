import { connectionArgsSchema, idSchema, parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, ProductVariantResolvers, StockAdjustmentResolvers } from '../generated/graphql.ts';
import { adjustStockInput, thresholdSchema } from './inventory.validation.ts';

export const inventoryMutations: MutationResolvers = {
  adjustStock: (_, { variantId, input }, { viewer, services }) =>
    services.inventory.adjust(viewer, parseInput(idSchema, variantId), parseInput(adjustStockInput, input)),
  setLowStockThreshold: (_, { variantId, threshold }, { viewer, services }) =>
    services.inventory.setLowStockThreshold(viewer, parseInput(idSchema, variantId), parseInput(thresholdSchema, threshold ?? null)),
};

/** The inventory fields of ProductVariant. */
export const variantInventory: ProductVariantResolvers = {
  stockAdjustments: (variant, args, { viewer, services }) =>
    services.inventory.adjustments(viewer, variant.id, parseInput(connectionArgsSchema, args)),
};

export const StockAdjustment: StockAdjustmentResolvers = {
  actor: (adjustment) => (adjustment.actorId ? { id: adjustment.actorId } : null),
};
