import { OutboxRepository } from '@plaza/events';
import type { RepositoriesOf } from '@plaza/subgraph-kit';
import { ApiKeyRepository } from './api-key/api-key.repository.ts';
import type { Db } from './db.ts';
import { InvitationRepository } from './invitation/invitation.repository.ts';
import { MembershipRepository } from './membership/membership.repository.ts';
import { OrganizationRepository } from './organization/organization.repository.ts';
import { SessionRepository } from './session/session.repository.ts';
import { UserRepository } from './user/user.repository.ts';

/** Every repository of identity over one client or transaction: the only code that touches Prisma. */
export function createRepositories(db: Db) {
  return {
    users: new UserRepository(db),
    organizations: new OrganizationRepository(db),
    memberships: new MembershipRepository(db),
    invitations: new InvitationRepository(db),
    sessions: new SessionRepository(db),
    apiKeys: new ApiKeyRepository(db),
    events: new OutboxRepository(db),
  };
}

/** What identity's services see of its repositories: public methods only, so unit tests can pass fakes. */
export type IdentityRepositories = RepositoriesOf<typeof createRepositories>;
