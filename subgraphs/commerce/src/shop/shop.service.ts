import type { Viewer } from '@plaza/auth';
import { requireMember, requireRole, type DataAccess } from '@plaza/subgraph-kit';
import type { CommerceRepositories } from '../repositories.ts';

/** Shop settings: every member reads them (the cart shows the tax), admins and owners set them. */
export class ShopService {
  constructor(private readonly deps: { data: DataAccess<CommerceRepositories> }) {}

  async settings(viewer: Viewer) {
    const { organizationId } = requireMember(viewer);
    const settings = await this.deps.data.repositories(viewer).shop.find(organizationId);
    return { taxRateBasisPoints: settings?.taxRateBasisPoints ?? 0 };
  }

  async setTaxRate(viewer: Viewer, taxRateBasisPoints: number) {
    const { organizationId } = requireRole(viewer, 'ADMIN');
    const settings = await this.deps.data.repositories(viewer).shop.setTaxRate(organizationId, taxRateBasisPoints);
    return { taxRateBasisPoints: settings.taxRateBasisPoints };
  }
}
