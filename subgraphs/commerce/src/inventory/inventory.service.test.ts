import { describe, expect, it } from 'vitest';
import type { Viewer } from '@plaza/auth';
import type { NewEvent } from '@plaza/events';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { CommerceRepositories } from '../repositories.ts';
import type { VariantRecord } from '../variant/variant.repository.ts';
import type { NewStockAdjustment, StockRecord } from './inventory.repository.ts';
import { InventoryService } from './inventory.service.ts';
import { adjustStockInput } from './inventory.validation.ts';

const ORG = 'org-1';
const admin: Viewer = { userId: 'admin-1', organizationId: ORG, role: 'ADMIN' };

/** One variant's stock, its ledger and the events recorded, in memory. */
function warehouse(stock: Partial<StockRecord> = {}) {
  const row: StockRecord = {
    id: 'v-1',
    productId: 'p-1',
    sku: 'MAT',
    stockOnHand: 5,
    lowStockThreshold: 2,
    lowStockAlerted: false,
    ...stock,
  };
  const ledger: NewStockAdjustment[] = [];
  const events: NewEvent<'commerce.stock.low'>[] = [];
  const data = fakeDataAccess<CommerceRepositories>({
    inventory: {
      lockStock: async (_organizationId, ids) => (ids.includes(row.id) ? [{ ...row }] : []),
      setStock: async (_id, changes) => void Object.assign(row, changes),
      setThreshold: async (_id, changes) => void Object.assign(row, changes),
      recordAdjustment: async (adjustment) => void ledger.push(adjustment),
    },
    events: { record: async (event) => (events.push(event as NewEvent<'commerce.stock.low'>), 'e') },
    variants: { findByIds: async () => [{ id: row.id } as VariantRecord] },
  });
  const service = new InventoryService({ data });
  const adjust = (quantity: number, reason = quantity > 0 ? 'RESTOCK' : 'CORRECTION') =>
    service.adjust(admin, 'v-1', adjustStockInput.parse({ quantity, reason }));
  return { service, row, ledger, events, adjust };
}

describe('InventoryService', () => {
  it('refuses to take stock below zero with CONFLICT naming the variant, what is left and what was asked, writing nothing', async () => {
    const { adjust, row, ledger } = warehouse({ stockOnHand: 3 });
    const error = await adjust(-5).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message: 'Variant MAT has 3 in stock, 5 requested',
      details: { available: 3, requested: 5 },
    });
    expect(row.stockOnHand).toBe(3);
    expect(ledger).toEqual([]);
  });

  it('writes a ledger row per change with who, why and the stock after', async () => {
    const { adjust, ledger } = warehouse();
    await adjust(4);
    await adjust(-1);
    expect(ledger).toMatchObject([
      { variantId: 'v-1', quantity: 4, stockAfter: 9, reason: 'RESTOCK', actorId: 'admin-1' },
      { variantId: 'v-1', quantity: -1, stockAfter: 8, reason: 'CORRECTION', actorId: 'admin-1' },
    ]);
  });

  it('raises the low-stock event once per crossing of the threshold, again after a restock above it', async () => {
    const { adjust, events } = warehouse();
    for (const quantity of [-2, -1, -1]) await adjust(quantity);
    expect(events.map((event) => event.payload.stockOnHand)).toEqual([2]);
    await adjust(5);
    await adjust(-5);
    expect(events.map((event) => event.payload)).toEqual([
      { variantId: 'v-1', productId: 'p-1', sku: 'MAT', stockOnHand: 2, threshold: 2 },
      { variantId: 'v-1', productId: 'p-1', sku: 'MAT', stockOnHand: 1, threshold: 2 },
    ]);
  });

  it('raises the event when a threshold is set at or above the stock, and starts counting an uncounted variant on its first adjustment', async () => {
    const { service, events } = warehouse({ lowStockThreshold: null });
    await service.setLowStockThreshold(admin, 'v-1', 5);
    expect(events).toHaveLength(1);
    const uncounted = warehouse({ stockOnHand: null, lowStockThreshold: null });
    await uncounted.adjust(3);
    expect(uncounted.row.stockOnHand).toBe(3);
  });

  it('refuses reasons admins may not give and quantities of the wrong sign', () => {
    const messages = (input: unknown) => adjustStockInput.safeParse(input).error?.issues.map((issue) => issue.message);
    expect(messages({ quantity: -1, reason: 'RESTOCK' })).toEqual(['RESTOCK must add units (a positive quantity)']);
    expect(messages({ quantity: 1, reason: 'DAMAGE' })).toEqual(['DAMAGE must remove units (a negative quantity)']);
    expect(messages({ quantity: 0, reason: 'CORRECTION' })).toEqual(['must not be 0']);
    expect(messages({ quantity: 1, reason: 'SALE' })?.[0]).toMatch(/SALE is not a reason an admin may give/);
  });
});
