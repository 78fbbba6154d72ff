import { demoId, demoOrganization, otherOrganization } from '@plaza/demo';
import type { PrismaClient } from './db.ts';

const COMMERCE = 3;

const products = [
  {
    n: 1,
    organizationId: demoOrganization.id,
    name: 'Monthly unlimited membership',
    description: 'Unlimited classes for one month. Renews monthly; cancel any time.',
    priceAmount: 8900,
    priceCurrency: 'GBP',
    active: true,
  },
  {
    n: 2,
    organizationId: demoOrganization.id,
    name: 'Annual membership',
    description: 'Twelve months of unlimited classes, two guest passes included.',
    priceAmount: 89000,
    priceCurrency: 'GBP',
    active: true,
  },
  {
    n: 3,
    organizationId: demoOrganization.id,
    name: '10-class pass',
    description: 'Ten classes of your choice, valid for six months.',
    priceAmount: 12000,
    priceCurrency: 'GBP',
    active: true,
  },
  {
    n: 4,
    organizationId: demoOrganization.id,
    name: 'Spring retreat in the hills',
    description: 'Three days, two nights, all meals and daily practice. All levels welcome.',
    priceAmount: 45000,
    priceCurrency: 'GBP',
    active: true,
  },
  {
    n: 5,
    organizationId: demoOrganization.id,
    name: 'Natural rubber yoga mat',
    description: '4 mm, non-slip, in sunrise orange.',
    priceAmount: 5500,
    priceCurrency: 'GBP',
    active: true,
  },
  {
    n: 6,
    organizationId: demoOrganization.id,
    name: 'Winter retreat 2024',
    description: 'Sold out, kept for the record.',
    priceAmount: 39000,
    priceCurrency: 'GBP',
    active: false,
  },
  {
    n: 7,
    organizationId: otherOrganization.id,
    name: 'Day pass',
    description: 'Climb all day, shoes included.',
    priceAmount: 1500,
    priceCurrency: 'EUR',
    active: true,
  },
];

/** Upserts the demo products by fixed id: idempotent across restarts. */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  if (await prisma.product.findUnique({ where: { id: demoId(COMMERCE, 1) }, select: { id: true } })) return;
  await prisma.$transaction(async (tx) => {
    for (const { n, ...product } of products) {
      const id = demoId(COMMERCE, n);
      await tx.product.upsert({ where: { id }, create: { id, ...product }, update: {} });
    }
  });
}
