import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { CommerceRepositories } from '../repositories.ts';
import type { NewVariant, VariantRecord } from '../variant/variant.repository.ts';
import type { NewProduct, ProductRecord } from './product.repository.ts';
import { ProductService } from './product.service.ts';
import { createProductInput, updateProductInput } from './product.validation.ts';

const ORG = 'org-1';
const OTHER_ORG = 'org-2';

/** Products and variants of two organizations in memory, behind the repository methods the service calls. */
function catalog() {
  const products = new Map<string, ProductRecord>();
  const variants = new Map<string, VariantRecord>();
  const categories = [{ id: 'c-1', organizationId: ORG, name: 'Mats', slug: 'mats', createdAt: new Date() }];
  const links: { productId: string; categoryId: string }[] = [];
  let sequence = 0;
  const add = (data: NewProduct): ProductRecord => {
    const at = new Date(2026, 0, ++sequence);
    const row = { id: `p-${sequence}`, ...data, createdAt: at, updatedAt: at };
    products.set(row.id, row);
    return { ...row };
  };
  const base = { description: null, type: 'PHYSICAL' as const, images: [] };
  add({ organizationId: ORG, name: 'Mat', slug: 'mat', status: 'ACTIVE', ...base });
  add({ organizationId: OTHER_ORG, name: 'Day pass', slug: 'day-pass', status: 'ACTIVE', ...base });
  add({ organizationId: ORG, name: 'Secret', slug: 'secret', status: 'DRAFT', ...base });
  const inOrg = (organizationId: string, ids: readonly string[]) =>
    [...products.values()].filter((row) => row.organizationId === organizationId && ids.includes(row.id)).map((row) => ({ ...row }));
  const data = fakeDataAccess<CommerceRepositories>({
    products: {
      findByIds: async (organizationId, ids) => inOrg(organizationId, ids),
      slugTaken: async (organizationId, slug) =>
        [...products.values()].some((row) => row.organizationId === organizationId && row.slug === slug),
      create: async (product) => add(product),
      setCategories: async (_organizationId, productId, categoryIds) => {
        links.push(...categoryIds.map((categoryId) => ({ productId, categoryId })));
      },
      update: async (id, changes) => {
        const row = products.get(id)!;
        Object.assign(row, changes);
        return { ...row };
      },
    },
    categories: {
      findByIds: async (organizationId, ids) => categories.filter((row) => row.organizationId === organizationId && ids.includes(row.id)),
    },
    variants: {
      takenSkus: async (organizationId, skus) =>
        [...variants.values()]
          .filter((row) => row.organizationId === organizationId && row.sku && skus.includes(row.sku))
          .map((row) => row.sku!),
      create: async (variant: NewVariant) => {
        const row = {
          id: `v-${++sequence}`,
          ...variant,
          stockOnHand: null,
          lowStockThreshold: null,
          createdAt: new Date(),
          updatedAt: new Date(),
        };
        variants.set(row.id, row);
        return row;
      },
      replacePrices: async () => {},
    },
  });
  variants.set('v-0', {
    id: 'v-0',
    organizationId: ORG,
    productId: 'p-1',
    title: 'Default',
    sku: 'MAT-1',
    options: [],
    position: 0,
    stockOnHand: null,
    lowStockThreshold: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  return { service: new ProductService({ data }), products, variants, links };
}

const member = (role: Role, organizationId = ORG): Viewer => ({ userId: `user-${role}`, organizationId, role });

const rejection = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
};

const newProduct = (input: Record<string, unknown> = {}) =>
  createProductInput.parse({ name: 'Spring Retreat', price: { amount: 45000, currency: 'GBP' }, ...input });

describe('ProductService', () => {
  it.each(['ADMIN', 'OWNER'] as const)('lets an %s create a product with a default variant and a slug made from its name', async (role) => {
    const { service, variants } = catalog();
    const product = await service.create(member(role), newProduct({ categoryIds: ['c-1'] }));
    expect(product).toMatchObject({
      organizationId: ORG,
      name: 'Spring Retreat',
      slug: 'spring-retreat',
      status: 'ACTIVE',
      type: 'PHYSICAL',
    });
    expect([...variants.values()].filter((variant) => variant.productId === product.id)).toMatchObject([{ title: 'Default', position: 0 }]);
  });

  it.each(['MODERATOR', 'MEMBER', 'VIEWER'] as const)('forbids a %s to create or change products, and writes nothing', async (role) => {
    const { service, products } = catalog();
    expect((await rejection(service.create(member(role), newProduct()))).code).toBe('FORBIDDEN');
    expect((await rejection(service.update(member(role), 'p-1', updateProductInput.parse({ status: 'ARCHIVED' })))).code).toBe('FORBIDDEN');
    expect(products.size).toBe(3);
    expect(products.get('p-1')?.status).toBe('ACTIVE');
  });

  it('refuses a taken slug or SKU with CONFLICT naming it, and an unknown category with NOT_FOUND', async () => {
    const { service, products } = catalog();
    expect(await rejection(service.create(member('ADMIN'), newProduct({ slug: 'mat' })))).toMatchObject({
      code: 'CONFLICT',
      message: 'Product slug "mat" is already taken',
    });
    const withSku = newProduct({ price: undefined, variants: [{ title: 'Blue', sku: 'MAT-1', prices: [{ amount: 1, currency: 'GBP' }] }] });
    expect(await rejection(service.create(member('ADMIN'), withSku))).toMatchObject({
      code: 'CONFLICT',
      message: 'SKU MAT-1 is already taken in this organization',
    });
    expect(await rejection(service.create(member('ADMIN'), newProduct({ categoryIds: ['c-9'] })))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Category c-9 was not found',
    });
    expect(products.size).toBe(3);
  });

  it('suffixes a generated slug that is taken', async () => {
    const { service } = catalog();
    expect((await service.create(member('ADMIN'), newProduct({ name: 'Mat' }))).slug).toMatch(/^mat-[0-9a-f]{6}$/);
  });

  it("answers NOT_FOUND for another organization's product, naming it, and leaves it alone", async () => {
    const { service, products } = catalog();
    const error = await rejection(service.update(member('OWNER'), 'p-2', updateProductInput.parse({ name: 'Mine now' })));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'Product p-2 was not found' });
    expect(products.get('p-2')?.name).toBe('Day pass');
  });

  it('hides drafts from members but not from admins, and other organizations from everyone', async () => {
    const { service } = catalog();
    const ids = ['p-1', 'p-2', 'p-3'];
    expect((await service.findVisibleByIds(member('MEMBER'), ids)).map((product) => product.id)).toEqual(['p-1']);
    expect((await service.findVisibleByIds(member('ADMIN'), ids)).map((product) => product.id)).toEqual(['p-1', 'p-3']);
    expect(await service.findVisibleByIds({ userId: 'loner', organizationId: null, role: null }, ['p-1'])).toEqual([]);
  });

  it('needs a signed-in member of an organization to read', async () => {
    const { service } = catalog();
    const load = async () => null;
    expect((await rejection(service.find({ userId: null, organizationId: null, role: null }, 'p-1', load))).code).toBe('UNAUTHENTICATED');
    expect((await rejection(service.find({ userId: 'loner', organizationId: null, role: null }, 'p-1', load))).code).toBe('FORBIDDEN');
  });
});
