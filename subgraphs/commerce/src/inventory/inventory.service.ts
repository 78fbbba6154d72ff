import type { Viewer } from '@plaza/auth';
import { DomainError, notFound, requireRole, type ConnectionArgs, type DataAccess } from '@plaza/subgraph-kit';
import type { CommerceRepositories } from '../repositories.ts';
import { beforeIdOf, newestFirst, requireAdminOrApiKey } from '../viewer.ts';
import type { VariantRecord } from '../variant/variant.repository.ts';
import type { StockAdjustmentRecord } from './inventory.repository.ts';
import type { AdjustStockInput } from './inventory.validation.ts';
import { applyStockChanges, lowStockState, recordLowStock } from './stock-changes.ts';

/**
 * Stock is counted per variant and changed only through the ledger: admins restock, correct and
 * write off; checkouts sell; cancellations put back. Each change locks the variant's row, so
 * stock never goes below zero however many buyers check out at once.
 */
export class InventoryService {
  constructor(private readonly deps: { data: DataAccess<CommerceRepositories> }) {}

  /** Admins, or an API key with `commerce:write` (a stock sync); the ledger entry then names no user. */
  async adjust(viewer: Viewer, variantId: string, input: AdjustStockInput): Promise<VariantRecord> {
    const member = requireAdminOrApiKey(viewer);
    return this.deps.data.transaction(viewer, async (repositories) => {
      await applyStockChanges(repositories, member, [{ variantId, quantity: input.quantity }], { ...input, startCounting: true });
      const [variant] = await repositories.variants.findByIds(member.organizationId, [variantId]);
      return variant!;
    });
  }

  /**
   * Sets (or with null, removes) the threshold. Setting it at or above the current stock is a
   * crossing too: the event is raised at once.
   */
  async setLowStockThreshold(viewer: Viewer, variantId: string, threshold: number | null): Promise<VariantRecord> {
    const member = requireRole(viewer, 'ADMIN');
    return this.deps.data.transaction(viewer, async ({ inventory, events, variants }) => {
      const [stock] = await inventory.lockStock(member.organizationId, [variantId]);
      if (!stock) throw notFound('ProductVariant', variantId);
      if (threshold !== null && stock.stockOnHand === null)
        throw new DomainError('CONFLICT', `Variant ${stock.sku ?? stock.id} does not count its stock: adjust its stock first`, {
          variantId,
        });
      const { alerted, raise } = lowStockState(
        { lowStockThreshold: threshold, lowStockAlerted: stock.lowStockAlerted },
        stock.stockOnHand ?? 0,
      );
      await inventory.setThreshold(variantId, { lowStockThreshold: threshold, lowStockAlerted: alerted });
      if (raise) await recordLowStock(events, member, { ...stock, lowStockThreshold: threshold, stockOnHand: stock.stockOnHand ?? 0 });
      const [variant] = await variants.findByIds(member.organizationId, [variantId]);
      return variant!;
    });
  }

  /** The variant's ledger, newest first. Admins and owners, and API keys with `commerce:read`. */
  async adjustments(viewer: Viewer, variantId: string, args: ConnectionArgs) {
    const { organizationId } = requireAdminOrApiKey(viewer);
    const rows: StockAdjustmentRecord[] = await this.deps.data.repositories(viewer).inventory.adjustments(organizationId, [variantId], {
      beforeId: beforeIdOf(args),
      take: args.first + 1,
    });
    return newestFirst(rows, args);
  }
}
