import type { AuthSecrets } from '@plaza/auth';
import type { SubgraphContext } from '@plaza/subgraph-kit';
import { AuthService } from './auth/auth.service.ts';
import type { PrismaClient } from './db.ts';
import { InvitationService } from './invitation/invitation.service.ts';
import type { IdentityLoaders } from './loaders.ts';
import { MembershipService } from './membership/membership.service.ts';
import { OrganizationService } from './organization/organization.service.ts';
import { UserService } from './user/user.service.ts';

export function createServices(prisma: PrismaClient, secrets: Pick<AuthSecrets, 'jwtSecret'>) {
  const auth = new AuthService({ prisma, jwtSecret: secrets.jwtSecret });
  return {
    auth,
    users: new UserService({ prisma }),
    organizations: new OrganizationService({ prisma, auth }),
    memberships: new MembershipService({ prisma }),
    invitations: new InvitationService({ prisma, auth }),
  };
}

export type IdentityServices = ReturnType<typeof createServices>;

export type IdentityContext = SubgraphContext<IdentityServices, IdentityLoaders>;
