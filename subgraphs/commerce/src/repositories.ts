import { OutboxRepository } from '@plaza/events';
import type { RepositoriesOf } from '@plaza/subgraph-kit';
import { CartRepository } from './cart/cart.repository.ts';
import { CategoryRepository } from './category/category.repository.ts';
import type { Db } from './db.ts';
import { DownloadRepository } from './download/download.repository.ts';
import { DiscountRepository } from './discount/discount.repository.ts';
import { InventoryRepository } from './inventory/inventory.repository.ts';
import { BillingRepository } from './membership/billing.repository.ts';
import { OrderRepository } from './order/order.repository.ts';
import { PaymentRepository } from './payment/payment.repository.ts';
import { ProductRepository } from './product/product.repository.ts';
import { RefundRepository } from './refund/refund.repository.ts';
import { SalesRepository } from './sales/sales.repository.ts';
import { ShopRepository } from './shop/shop.repository.ts';
import { UsageRepository } from './usage/usage.repository.ts';
import { VariantRepository } from './variant/variant.repository.ts';

/** Every repository of commerce over one client or transaction: the only code that touches Prisma. */
export function createRepositories(db: Db) {
  return {
    products: new ProductRepository(db),
    variants: new VariantRepository(db),
    categories: new CategoryRepository(db),
    inventory: new InventoryRepository(db),
    discounts: new DiscountRepository(db),
    shop: new ShopRepository(db),
    carts: new CartRepository(db),
    orders: new OrderRepository(db),
    payments: new PaymentRepository(db),
    billing: new BillingRepository(db),
    refunds: new RefundRepository(db),
    sales: new SalesRepository(db),
    events: new OutboxRepository(db),
    downloads: new DownloadRepository(db),
    usage: new UsageRepository(db),
  };
}

/** What commerce's services see of its repositories: public methods only, so unit tests can pass fakes. */
export type CommerceRepositories = RepositoriesOf<typeof createRepositories>;
