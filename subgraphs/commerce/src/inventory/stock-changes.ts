import { DomainError } from '@plaza/subgraph-kit';
import type { StockAdjustmentReason } from '../generated/prisma/enums.ts';
import type { CommerceRepositories } from '../repositories.ts';
import type { StockRecord } from './inventory.repository.ts';

/** One change of one variant's stock. */
export interface StockChange {
  variantId: string;
  /** Signed: negative removes units. */
  quantity: number;
}

/**
 * Whether stock moving to `stockOnHand` crosses the variant's threshold: `alerted` is the flag to
 * store, `raise` whether this change is the crossing that raises the event.
 */
export function lowStockState(stock: Pick<StockRecord, 'lowStockThreshold' | 'lowStockAlerted'>, stockOnHand: number) {
  const low = stock.lowStockThreshold !== null && stockOnHand <= stock.lowStockThreshold;
  return { alerted: low, raise: low && !stock.lowStockAlerted };
}

/**
 * Applies `changes` inside the caller's transaction: locks the variants, refuses any change that
 * would take stock below zero (CONFLICT naming the variant, what is left and what was asked),
 * writes the new stock and a ledger row per change, and records a low-stock event for each
 * threshold crossed. Variants whose stock is not counted are left alone unless `startCounting`.
 */
export async function applyStockChanges(
  repositories: Pick<CommerceRepositories, 'inventory' | 'events'>,
  viewer: { organizationId: string; userId: string | null },
  changes: readonly StockChange[],
  ledger: { reason: StockAdjustmentReason; note?: string | null; orderId?: string | null; startCounting?: boolean },
): Promise<StockRecord[]> {
  const { inventory, events } = repositories;
  const locked = new Map(
    (
      await inventory.lockStock(
        viewer.organizationId,
        changes.map((change) => change.variantId),
      )
    ).map((row) => [row.id, row]),
  );
  const after: StockRecord[] = [];
  for (const change of changes) {
    const stock = locked.get(change.variantId);
    if (!stock)
      throw new DomainError('NOT_FOUND', `ProductVariant ${change.variantId} was not found`, {
        entity: 'ProductVariant',
        id: change.variantId,
      });
    if (stock.stockOnHand === null && !ledger.startCounting) continue;
    const before = stock.stockOnHand ?? 0;
    const stockOnHand = before + change.quantity;
    if (stockOnHand < 0)
      throw new DomainError('CONFLICT', `Variant ${stock.sku ?? stock.id} has ${before} in stock, ${-change.quantity} requested`, {
        variantId: stock.id,
        available: before,
        requested: -change.quantity,
      });
    const { alerted, raise } = lowStockState(stock, stockOnHand);
    await inventory.setStock(stock.id, { stockOnHand, lowStockAlerted: alerted });
    await inventory.recordAdjustment({
      organizationId: viewer.organizationId,
      variantId: stock.id,
      quantity: change.quantity,
      stockAfter: stockOnHand,
      reason: ledger.reason,
      note: ledger.note ?? null,
      actorId: viewer.userId,
      orderId: ledger.orderId ?? null,
    });
    if (raise) await recordLowStock(events, viewer, { ...stock, stockOnHand });
    const updated = { ...stock, stockOnHand, lowStockAlerted: alerted };
    locked.set(stock.id, updated);
    after.push(updated);
  }
  return after;
}

export async function recordLowStock(
  events: CommerceRepositories['events'],
  viewer: { organizationId: string; userId: string | null },
  stock: StockRecord & { stockOnHand: number },
): Promise<void> {
  await events.record({
    type: 'commerce.stock.low',
    organizationId: viewer.organizationId,
    actorId: viewer.userId,
    subject: { type: 'ProductVariant', id: stock.id },
    payload: {
      variantId: stock.id,
      productId: stock.productId,
      sku: stock.sku,
      stockOnHand: stock.stockOnHand,
      threshold: stock.lowStockThreshold!,
    },
  });
}
