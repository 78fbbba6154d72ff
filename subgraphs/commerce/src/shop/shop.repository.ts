import type { Db } from '../db.ts';
import type { Prisma } from '../generated/prisma/client.ts';

const settingsSelect = { organizationId: true, taxRateBasisPoints: true, updatedAt: true } satisfies Prisma.ShopSettingsSelect;

export type ShopSettingsRecord = Prisma.ShopSettingsGetPayload<{ select: typeof settingsSelect }>;

export class ShopRepository {
  constructor(private readonly db: Db) {}

  find(organizationId: string): Promise<ShopSettingsRecord | null> {
    return this.db.shopSettings.findUnique({ where: { organizationId }, select: settingsSelect });
  }

  setTaxRate(organizationId: string, taxRateBasisPoints: number): Promise<ShopSettingsRecord> {
    return this.db.shopSettings.upsert({
      where: { organizationId },
      create: { organizationId, taxRateBasisPoints },
      update: { taxRateBasisPoints },
      select: settingsSelect,
    });
  }

  /**
   * Takes the organization's next order number. The counter row stays locked until the
   * transaction ends, so concurrent checkouts number their orders one after another, and a
   * rolled-back checkout gives its number back: no gaps, no repeats.
   */
  async takeOrderNumber(organizationId: string): Promise<number> {
    const [row] = await this.db.$queryRaw<{ number: number }[]>`
      INSERT INTO "ShopSettings" ("organizationId", "nextOrderNumber", "updatedAt") VALUES (${organizationId}, 2, now())
      ON CONFLICT ("organizationId") DO UPDATE SET "nextOrderNumber" = "ShopSettings"."nextOrderNumber" + 1, "updatedAt" = now()
      RETURNING "nextOrderNumber" - 1 AS number`;
    return row!.number;
  }
}
