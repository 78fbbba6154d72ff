import { resolveSecrets } from '@plaza/auth';
import { runtimeSettings, secretSettings } from '@plaza/config';
import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import { AuthService } from './auth/auth.service.ts';
import { InvitationService } from './invitation/invitation.service.ts';
import type { IdentityLoaders } from './loaders.ts';
import { MembershipService } from './membership/membership.service.ts';
import { OrganizationService } from './organization/organization.service.ts';
import type { IdentityRepositories } from './repositories.ts';
import { UserService } from './user/user.service.ts';

/** Identity signs access tokens: it reads the token secret (and whether it may default it). */
export const identitySettings = runtimeSettings.pick({ NODE_ENV: true }).extend(secretSettings.pick({ PLAZA_JWT_SECRET: true }).shape);

export function createServices({ data, settings }: ServiceDependencies<IdentityRepositories, z.output<typeof identitySettings>>) {
  const auth = new AuthService({ data, jwtSecret: resolveSecrets(settings).jwtSecret });
  return {
    auth,
    users: new UserService({ data }),
    organizations: new OrganizationService({ data, auth }),
    memberships: new MembershipService({ data }),
    invitations: new InvitationService({ data, auth }),
  };
}

export type IdentityServices = ReturnType<typeof createServices>;

export type IdentityContext = SubgraphContext<IdentityServices, IdentityLoaders>;
