import { createHash } from 'node:crypto';
import { demoId, demoOrganization, demoUsers, otherOrganization } from '@plaza/demo';
import type { PrismaClient } from './db.ts';
import type { DownloadService } from './download/download.service.ts';
import type { ProductType } from './generated/prisma/enums.ts';
import { seedDemoMemberships } from './membership/membership.demo.ts';

const COMMERCE = 3;

/** Fixed ids by kind of row: products 1–99, variants 100–199, categories 200–299, prices 1000+ (orders 4000s, refunds 4600s). */
const productId = (n: number) => demoId(COMMERCE, n);
const variantId = (n: number) => demoId(COMMERCE, 100 + n);
const categoryId = (n: number) => demoId(COMMERCE, 200 + n);

const categories = [
  { n: 1, organizationId: demoOrganization.id, name: 'Memberships', slug: 'memberships' },
  { n: 2, organizationId: demoOrganization.id, name: 'Retreats', slug: 'retreats' },
  { n: 3, organizationId: demoOrganization.id, name: 'Equipment', slug: 'equipment' },
];

interface DemoVariant {
  n: number;
  title: string;
  sku: string | null;
  options: { name: string; value: string }[];
  /** [currency, amount, compareAtAmount, minQuantity] */
  prices: [string, number, number | null, number][];
  /** Units in stock (restocked once), and the low-stock threshold; omitted: not counted. */
  stock?: [number, number];
}

const products: {
  n: number;
  organizationId: string;
  name: string;
  slug: string;
  description: string;
  type: ProductType;
  status: 'ACTIVE' | 'ARCHIVED';
  categories: number[];
  images: string[];
  variants: DemoVariant[];
}[] = [
  {
    n: 1,
    organizationId: demoOrganization.id,
    name: 'Monthly unlimited membership',
    slug: 'monthly-unlimited',
    description: 'Unlimited classes for one month. Renews monthly; cancel any time.',
    type: 'MEMBERSHIP',
    status: 'ACTIVE',
    categories: [1],
    images: [],
    variants: [
      {
        n: 1,
        title: 'Monthly',
        sku: 'MEM-MONTH',
        options: [],
        prices: [
          ['GBP', 8900, null, 1],
          ['EUR', 9900, null, 1],
        ],
      },
    ],
  },
  {
    n: 2,
    organizationId: demoOrganization.id,
    name: 'Annual membership',
    slug: 'annual-membership',
    description: 'Twelve months of unlimited classes, two guest passes included.',
    type: 'MEMBERSHIP',
    status: 'ACTIVE',
    categories: [1],
    images: [],
    variants: [{ n: 2, title: 'Annual', sku: 'MEM-YEAR', options: [], prices: [['GBP', 89000, 106800, 1]] }],
  },
  {
    n: 3,
    organizationId: demoOrganization.id,
    name: '10-class pass',
    slug: 'ten-class-pass',
    description: 'Ten classes of your choice, valid for six months.',
    type: 'COURSE_ACCESS',
    status: 'ACTIVE',
    categories: [1],
    images: [],
    variants: [
      {
        n: 3,
        title: '10 classes',
        sku: 'PASS-10',
        options: [],
        prices: [
          ['GBP', 12000, 15000, 1],
          ['GBP', 11000, null, 3],
        ],
      },
    ],
  },
  {
    n: 4,
    organizationId: demoOrganization.id,
    name: 'Spring retreat in the hills',
    slug: 'spring-retreat',
    description: 'Three days, two nights, all meals and daily practice. All levels welcome.',
    type: 'EVENT_TICKET',
    status: 'ACTIVE',
    categories: [2],
    images: ['https://images.plaza.test/retreat-hills.jpg'],
    variants: [
      {
        n: 4,
        title: 'Shared room',
        sku: 'RET-SPRING-SHARED',
        options: [{ name: 'Room', value: 'Shared' }],
        prices: [['GBP', 45000, null, 1]],
      },
      {
        n: 5,
        title: 'Private room',
        sku: 'RET-SPRING-PRIVATE',
        options: [{ name: 'Room', value: 'Private' }],
        prices: [['GBP', 59000, null, 1]],
      },
    ],
  },
  {
    n: 5,
    organizationId: demoOrganization.id,
    name: 'Natural rubber yoga mat',
    slug: 'rubber-yoga-mat',
    description: '4 mm, non-slip, natural rubber.',
    type: 'PHYSICAL',
    status: 'ACTIVE',
    categories: [3],
    images: ['https://images.plaza.test/mat-orange.jpg', 'https://images.plaza.test/mat-blue.jpg'],
    variants: [
      {
        n: 6,
        title: 'Sunrise orange',
        sku: 'MAT-ORANGE',
        stock: [12, 3],
        options: [{ name: 'Colour', value: 'Orange' }],
        prices: [
          ['GBP', 5500, 6500, 1],
          ['GBP', 4900, null, 5],
          ['EUR', 6400, null, 1],
        ],
      },
      {
        n: 7,
        title: 'Ocean blue',
        sku: 'MAT-BLUE',
        stock: [4, 5],
        options: [{ name: 'Colour', value: 'Blue' }],
        prices: [
          ['GBP', 5500, null, 1],
          ['GBP', 4900, null, 5],
          ['EUR', 6400, null, 1],
        ],
      },
    ],
  },
  {
    n: 6,
    organizationId: demoOrganization.id,
    name: 'Winter retreat 2024',
    slug: 'winter-retreat-2024',
    description: 'Sold out, kept for the record.',
    type: 'EVENT_TICKET',
    status: 'ARCHIVED',
    categories: [2],
    images: [],
    variants: [{ n: 8, title: 'Shared room', sku: 'RET-WINTER-24', options: [], prices: [['GBP', 39000, null, 1]] }],
  },
  {
    n: 7,
    organizationId: otherOrganization.id,
    name: 'Day pass',
    slug: 'day-pass',
    description: 'Climb all day, shoes included.',
    type: 'COURSE_ACCESS',
    status: 'ACTIVE',
    categories: [],
    images: [],
    variants: [{ n: 9, title: 'Day pass', sku: 'DAY', options: [], prices: [['EUR', 1500, null, 1]] }],
  },
];

/** Katherine's orders: a paid mat order and a refunded class pass, numbered 1 and 2. */
const orders = [
  {
    n: 1,
    status: 'PAID' as const,
    variant: 6,
    product: 5,
    productName: 'Natural rubber yoga mat',
    variantTitle: 'Sunrise orange',
    sku: 'MAT-ORANGE',
    unitPrice: 5500,
    quantity: 2,
    discountCode: 'TENOFF',
    discount: 1000,
    refunded: 0,
  },
  {
    n: 2,
    status: 'REFUNDED' as const,
    variant: 3,
    product: 3,
    productName: '10-class pass',
    variantTitle: '10 classes',
    sku: 'PASS-10',
    unitPrice: 12000,
    quantity: 1,
    discountCode: null,
    discount: 0,
    refunded: 12000,
  },
];

/** A discount code and the two orders, with their payments and history. */
async function seedSales(tx: Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]): Promise<void> {
  const organizationId = demoOrganization.id;
  const customerId = demoUsers.member.id;
  await tx.discount.create({
    data: {
      id: demoId(COMMERCE, 3001),
      organizationId,
      code: 'TENOFF',
      name: '£10 off £50',
      kind: 'FIXED_AMOUNT',
      amountOff: 1000,
      currency: 'GBP',
      minimumOrderAmount: 5000,
      perCustomerLimit: 1,
      timesUsed: 1,
    },
  });
  await tx.discount.create({
    data: {
      id: demoId(COMMERCE, 3002),
      organizationId,
      name: 'Retreat week',
      kind: 'PERCENTAGE',
      percentOff: 10,
      categoryIds: [categoryId(2)],
    },
  });
  for (const order of orders) {
    const id = demoId(COMMERCE, 4000 + order.n);
    const subtotal = order.unitPrice * order.quantity;
    const total = subtotal - order.discount;
    await tx.order.create({
      data: {
        id,
        organizationId,
        number: order.n,
        customerId,
        status: order.status,
        currency: 'GBP',
        subtotal,
        discountTotal: order.discount,
        taxTotal: 0,
        total,
        refundedTotal: order.refunded,
        discountCode: order.discountCode,
        idempotencyKey: `demo-order-${order.n}`,
        items: {
          create: {
            id: demoId(COMMERCE, 4100 + order.n),
            organizationId,
            productId: productId(order.product),
            variantId: variantId(order.variant),
            productName: order.productName,
            variantTitle: order.variantTitle,
            sku: order.sku,
            unitPrice: order.unitPrice,
            quantity: order.quantity,
            lineTotal: subtotal,
          },
        },
      },
    });
    const history: {
      kind: 'PLACED' | 'PAYMENT' | 'REFUND';
      amount: number;
      from: 'PENDING' | 'PAID' | null;
      to: 'PENDING' | 'PAID' | 'REFUNDED';
    }[] = [
      { kind: 'PLACED', amount: total, from: null, to: 'PENDING' },
      { kind: 'PAYMENT', amount: total, from: 'PENDING', to: 'PAID' },
      ...(order.refunded ? [{ kind: 'REFUND' as const, amount: order.refunded, from: 'PAID' as const, to: 'REFUNDED' as const }] : []),
    ];
    for (const [index, entry] of history.entries()) {
      await tx.orderTransaction.create({
        data: {
          id: demoId(COMMERCE, 4200 + order.n * 10 + index),
          organizationId,
          orderId: id,
          kind: entry.kind,
          amount: entry.amount,
          fromStatus: entry.from,
          toStatus: entry.to,
          actorId: entry.kind === 'REFUND' ? demoUsers.admin.id : customerId,
        },
      });
    }
    await tx.payment.create({
      data: {
        id: demoId(COMMERCE, 4300 + order.n),
        organizationId,
        orderId: id,
        provider: 'TEST',
        providerCustomerId: `test_cus_${customerId}`,
        paymentIntentId: `test_pi_demo_${order.n}`,
        chargeId: `test_ch_demo_${order.n}`,
        amount: total,
        currency: 'GBP',
        status: 'SUCCEEDED',
        refundedAmount: order.refunded,
      },
    });
    if (order.refunded) {
      // The refund as the shop records one (refund.repository.ts): the sales report counts it.
      const refundId = demoId(COMMERCE, 4600 + order.n);
      await tx.refund.create({
        data: {
          id: refundId,
          organizationId,
          orderId: id,
          paymentId: demoId(COMMERCE, 4300 + order.n),
          amount: order.refunded,
          currency: 'GBP',
          status: 'SUCCEEDED',
          providerRefundId: `test_re_refund-${refundId}`,
          actorId: demoUsers.admin.id,
          completedAt: new Date(),
        },
      });
    }
    if (order.product === 5) {
      // The mats count their stock: the sale left the ledger's row and the stock it left.
      const variant = await tx.productVariant.update({
        where: { id: variantId(order.variant) },
        data: { stockOnHand: { decrement: order.quantity } },
        select: { stockOnHand: true },
      });
      await tx.stockAdjustment.create({
        data: {
          id: demoId(COMMERCE, 4500 + order.n),
          organizationId,
          variantId: variantId(order.variant),
          quantity: -order.quantity,
          stockAfter: variant.stockOnHand!,
          reason: 'SALE',
          actorId: customerId,
          orderId: id,
        },
      });
    }
    if (order.discountCode)
      await tx.discountRedemption.create({
        data: {
          id: demoId(COMMERCE, 4400 + order.n),
          organizationId,
          discountId: demoId(COMMERCE, 3001),
          customerId,
          orderId: id,
          amount: order.discount,
        },
      });
  }
  await tx.shopSettings.create({ data: { organizationId, nextOrderNumber: orders.length + 1 } });
}

const DEMO_GUIDE = Buffer.from(
  [
    'Yoga at home: a ten-minute morning sequence',
    '',
    '1. Mountain pose, five breaths.',
    '2. Sun salutation A, three rounds.',
    '3. Downward dog, five breaths.',
    "4. Child's pose, until you are ready.",
    '',
  ].join('\n'),
);

/**
 * A digital product with one file, and a paid order of it by the demo member with its download
 * grant: the member's downloads list shows a link at once. Seeded on its own (databases seeded
 * before downloads get it too); the order takes the shop's next number.
 */
async function seedDownloads(prisma: PrismaClient, downloads: Pick<DownloadService, 'store'>): Promise<void> {
  const organizationId = demoOrganization.id;
  const customerId = demoUsers.member.id;
  const fileId = demoId(COMMERCE, 5001);
  const storageKey = `${organizationId}/${fileId}`;
  // The file is (re)stored on every start: a fresh download folder still serves the demo's link.
  await downloads.store(storageKey, DEMO_GUIDE, 'text/plain');
  if (await prisma.downloadFile.findUnique({ where: { id: fileId }, select: { id: true } })) return;
  const product = { id: productId(20), variant: variantId(20), name: 'Yoga at home (guide)', price: 900 };
  await prisma.$transaction(async (tx) => {
    await tx.product.create({
      data: {
        id: product.id,
        organizationId,
        name: product.name,
        slug: 'yoga-at-home-guide',
        description: 'A ten-minute morning sequence to practise at home, as a file to download.',
        type: 'DIGITAL',
        status: 'ACTIVE',
      },
    });
    await tx.productVariant.create({
      data: { id: product.variant, organizationId, productId: product.id, title: 'Text', sku: 'GUIDE-HOME', position: 0 },
    });
    await tx.price.create({
      data: {
        id: demoId(COMMERCE, 1900),
        organizationId,
        productId: product.id,
        variantId: product.variant,
        currency: 'GBP',
        amount: product.price,
      },
    });
    await tx.downloadFile.create({
      data: {
        id: fileId,
        organizationId,
        productId: product.id,
        fileName: 'yoga-at-home.txt',
        contentType: 'text/plain',
        size: DEMO_GUIDE.length,
        sha256: createHash('sha256').update(DEMO_GUIDE).digest('hex'),
        storageKey,
      },
    });
    const { nextOrderNumber } = await tx.shopSettings.upsert({
      where: { organizationId },
      create: { organizationId, nextOrderNumber: 2 },
      update: { nextOrderNumber: { increment: 1 } },
      select: { nextOrderNumber: true },
    });
    const orderId = demoId(COMMERCE, 5100);
    const itemId = demoId(COMMERCE, 5101);
    await tx.order.create({
      data: {
        id: orderId,
        organizationId,
        number: nextOrderNumber - 1,
        customerId,
        status: 'PAID',
        currency: 'GBP',
        subtotal: product.price,
        discountTotal: 0,
        taxTotal: 0,
        total: product.price,
        idempotencyKey: 'demo-order-download',
        items: {
          create: {
            id: itemId,
            organizationId,
            productId: product.id,
            variantId: product.variant,
            productName: product.name,
            variantTitle: 'Text',
            sku: 'GUIDE-HOME',
            unitPrice: product.price,
            quantity: 1,
            lineTotal: product.price,
          },
        },
      },
    });
    for (const [index, [kind, from, to]] of (
      [
        ['PLACED', null, 'PENDING'],
        ['PAYMENT', 'PENDING', 'PAID'],
      ] as const
    ).entries())
      await tx.orderTransaction.create({
        data: {
          id: demoId(COMMERCE, 5110 + index),
          organizationId,
          orderId,
          kind,
          amount: product.price,
          fromStatus: from,
          toStatus: to,
          actorId: customerId,
        },
      });
    await tx.payment.create({
      data: {
        id: demoId(COMMERCE, 5120),
        organizationId,
        orderId,
        provider: 'TEST',
        providerCustomerId: `test_cus_${customerId}`,
        paymentIntentId: 'test_pi_demo_download',
        chargeId: 'test_ch_demo_download',
        amount: product.price,
        currency: 'GBP',
        status: 'SUCCEEDED',
      },
    });
    await tx.downloadGrant.create({
      data: {
        id: demoId(COMMERCE, 5130),
        organizationId,
        orderId,
        orderItemId: itemId,
        customerId,
        productId: product.id,
        variantId: product.variant,
        productName: product.name,
        downloadLimit: 5,
        expiresAt: new Date(Date.now() + 365 * 24 * 60 * 60 * 1000),
      },
    });
  });
}

/** Upserts the demo shop by fixed ids: idempotent across restarts. */
export async function seedDemo(prisma: PrismaClient, services: { downloads: Pick<DownloadService, 'store'> }): Promise<void> {
  await seedDemoMemberships(prisma);
  await seedShop(prisma);
  await seedDownloads(prisma, services.downloads);
}

async function seedShop(prisma: PrismaClient): Promise<void> {
  if (await prisma.category.findUnique({ where: { id: categoryId(1) }, select: { id: true } })) return;
  await prisma.$transaction(async (tx) => {
    for (const { n, ...category } of categories) {
      const id = categoryId(n);
      await tx.category.upsert({ where: { id }, create: { id, ...category }, update: {} });
    }
    let price = 0;
    for (const { n, variants, categories: categoryNumbers, ...product } of products) {
      const id = productId(n);
      await tx.product.upsert({ where: { id }, create: { id, ...product }, update: product });
      // Databases seeded before the catalog hold a migrated default variant per product: the demo's own replace them.
      await tx.productVariant.deleteMany({ where: { productId: id } });
      for (const categoryNumber of categoryNumbers) {
        await tx.productCategory.create({
          data: { organizationId: product.organizationId, productId: id, categoryId: categoryId(categoryNumber) },
        });
      }
      for (const [position, { n: v, prices, stock, ...variant }] of variants.entries()) {
        const [stockOnHand, lowStockThreshold] = stock ?? [null, null];
        await tx.productVariant.create({
          data: {
            id: variantId(v),
            organizationId: product.organizationId,
            productId: id,
            position,
            stockOnHand,
            lowStockThreshold,
            lowStockAlerted: stockOnHand !== null && lowStockThreshold !== null && stockOnHand <= lowStockThreshold,
            ...variant,
          },
        });
        if (stockOnHand !== null)
          await tx.stockAdjustment.create({
            data: {
              id: demoId(COMMERCE, 2000 + v),
              organizationId: product.organizationId,
              variantId: variantId(v),
              quantity: stockOnHand,
              stockAfter: stockOnHand,
              reason: 'RESTOCK',
              note: 'Opening stock',
              actorId: demoUsers.admin.id,
            },
          });
        for (const [currency, amount, compareAtAmount, minQuantity] of prices) {
          await tx.price.create({
            data: {
              id: demoId(COMMERCE, 1000 + ++price),
              organizationId: product.organizationId,
              productId: id,
              variantId: variantId(v),
              currency,
              amount,
              compareAtAmount,
              minQuantity,
            },
          });
        }
      }
    }
    await seedSales(tx);
  });
}
