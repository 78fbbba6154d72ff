import { describe, expect, it } from 'vitest';
import type { Role, Viewer } from '@plaza/auth';
import { DomainError, fakeDataAccess } from '@plaza/subgraph-kit';
import type { CommerceRepositories } from '../repositories.ts';
import type { NewProduct, ProductRecord } from './product.repository.ts';
import { ProductService } from './product.service.ts';
import { updateProductInput } from './product.validation.ts';

const ORG = 'org-1';
const OTHER_ORG = 'org-2';

/** Products of two organizations in memory, behind the repository methods the service calls. */
function catalog() {
  const rows = new Map<string, ProductRecord>();
  let sequence = 0;
  const add = (data: NewProduct): ProductRecord => {
    const at = new Date(2026, 0, ++sequence);
    const row = { id: `p-${sequence}`, ...data, createdAt: at, updatedAt: at };
    rows.set(row.id, row);
    return { ...row };
  };
  add({ organizationId: ORG, name: 'Mat', description: null, priceAmount: 5500, priceCurrency: 'GBP', active: true });
  add({ organizationId: OTHER_ORG, name: 'Day pass', description: null, priceAmount: 1500, priceCurrency: 'EUR', active: true });
  const data = fakeDataAccess<CommerceRepositories>({
    products: {
      findByIds: async (organizationId, ids) =>
        [...rows.values()].filter((row) => row.organizationId === organizationId && ids.includes(row.id)).map((row) => ({ ...row })),
      create: async (product) => add(product),
      update: async (id, changes) => {
        const row = rows.get(id);
        if (!row) throw new Error(`no product ${id}`);
        Object.assign(row, changes, { updatedAt: new Date(2026, 5, 1) });
        return { ...row };
      },
    },
  });
  return { service: new ProductService({ data }), rows };
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

const newProduct = { name: 'Retreat', description: null, price: { amount: 45000, currency: 'GBP' }, active: true };

describe('ProductService', () => {
  it.each(['ADMIN', 'OWNER'] as const)('lets an %s create a product in their organization, price in minor units', async (role) => {
    const { service } = catalog();
    const product = await service.create(member(role), newProduct);
    expect(product).toMatchObject({ organizationId: ORG, name: 'Retreat', priceAmount: 45000, priceCurrency: 'GBP', active: true });
  });

  it.each(['MODERATOR', 'MEMBER', 'VIEWER'] as const)('forbids a %s to create or change products, and writes nothing', async (role) => {
    const { service, rows } = catalog();
    expect((await rejection(service.create(member(role), newProduct))).code).toBe('FORBIDDEN');
    expect((await rejection(service.update(member(role), 'p-1', updateProductInput.parse({ active: false })))).code).toBe('FORBIDDEN');
    expect(rows.size).toBe(2);
    expect(rows.get('p-1')?.active).toBe(true);
  });

  it('changes only the fields given, the price as one amount and currency', async () => {
    const { service } = catalog();
    const updated = await service.update(member('ADMIN'), 'p-1', updateProductInput.parse({ price: { amount: 6000, currency: 'EUR' } }));
    expect(updated).toMatchObject({ name: 'Mat', priceAmount: 6000, priceCurrency: 'EUR', active: true });
  });

  it("answers NOT_FOUND for another organization's product, naming it, and leaves it alone", async () => {
    const { service, rows } = catalog();
    const error = await rejection(service.update(member('OWNER'), 'p-2', updateProductInput.parse({ name: 'Mine now' })));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'Product p-2 was not found' });
    expect(rows.get('p-2')?.name).toBe('Day pass');
  });

  it('shows members the products of their organization only', async () => {
    const { service } = catalog();
    expect((await service.findVisibleByIds(member('VIEWER'), ['p-1', 'p-2'])).map((product) => product.id)).toEqual(['p-1']);
    expect(await service.findVisibleByIds({ userId: 'loner', organizationId: null, role: null }, ['p-1'])).toEqual([]);
  });

  it('needs a signed-in member of an organization to read', async () => {
    const { service } = catalog();
    const load = async () => null;
    expect((await rejection(service.find({ userId: null, organizationId: null, role: null }, 'p-1', load))).code).toBe('UNAUTHENTICATED');
    expect((await rejection(service.find({ userId: 'loner', organizationId: null, role: null }, 'p-1', load))).code).toBe('FORBIDDEN');
  });
});
