import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import { CartService } from './cart/cart.service.ts';
import { CheckoutService } from './cart/checkout.service.ts';
import { CategoryService } from './category/category.service.ts';
import { DiscountService } from './discount/discount.service.ts';
import { InventoryService } from './inventory/inventory.service.ts';
import type { CommerceLoaders } from './loaders.ts';
import { OrderService } from './order/order.service.ts';
import { ProductService } from './product/product.service.ts';
import type { CommerceRepositories } from './repositories.ts';
import { ShopService } from './shop/shop.service.ts';
import { VariantService } from './variant/variant.service.ts';

/** Commerce reads no settings of its own: its services need only their repositories. */
export function createServices({ data }: ServiceDependencies<CommerceRepositories, unknown>) {
  return {
    products: new ProductService({ data }),
    variants: new VariantService({ data }),
    categories: new CategoryService({ data }),
    inventory: new InventoryService({ data }),
    discounts: new DiscountService({ data }),
    shop: new ShopService({ data }),
    carts: new CartService({ data }),
    checkout: new CheckoutService({ data }),
    orders: new OrderService({ data }),
  };
}

export type CommerceServices = ReturnType<typeof createServices>;

export type CommerceContext = SubgraphContext<CommerceServices, CommerceLoaders>;
