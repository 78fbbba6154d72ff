import { createHash, randomBytes } from 'node:crypto';
import type { Viewer } from '@plaza/auth';
import { DomainError, requireUser, type DataAccess } from '@plaza/subgraph-kit';
import type { z } from 'zod';
import type { AuthResult, AuthService } from '../auth/auth.service.ts';
import { actingMember } from '../membership/acting-member.ts';
import { recordMemberJoined } from '../membership/membership-events.ts';
import type { IdentityRepositories } from '../repositories.ts';
import type { InvitationRecord } from './invitation.repository.ts';
import type { inviteMemberInput } from './invitation.validation.ts';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class InvitationService {
  constructor(
    private readonly deps: { data: DataAccess<IdentityRepositories>; auth: Pick<AuthService, 'continueSession'>; now?: () => Date },
  ) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  async invite(viewer: Viewer, input: z.output<typeof inviteMemberInput>): Promise<{ invitation: InvitationRecord; token: string }> {
    const { memberships, users } = this.deps.data.repositories(viewer);
    const acting = await actingMember(memberships, viewer, 'ADMIN');
    if (input.role === 'OWNER' && acting.role !== 'OWNER') {
      throw new DomainError('FORBIDDEN', 'Only owners may invite owners');
    }
    const existing = await users.findByEmailWithPasswordHash(input.email);
    if (existing && (await memberships.find(acting.organizationId, existing.id))) {
      throw new DomainError('CONFLICT', `${input.email} is already a member of this organization`, { field: 'email' });
    }
    const token = randomBytes(32).toString('base64url');
    const invitation = await this.deps.data.transaction(viewer, async ({ invitations, events }) => {
      const created = await invitations.create({
        organizationId: acting.organizationId,
        email: input.email,
        role: input.role,
        invitedById: acting.userId,
        tokenHash: hashToken(token),
        expiresAt: new Date(this.now().getTime() + input.expiresInHours * 3_600_000),
      });
      await events.record({
        type: 'identity.invitation.created',
        organizationId: acting.organizationId,
        actorId: acting.userId,
        subject: { type: 'Organization', id: acting.organizationId },
        payload: { invitationId: created.id, email: created.email, invitedUserId: existing?.id ?? null, role: created.role },
      });
      return created;
    });
    return { invitation, token };
  }

  /** Accepts as the signed-in user: marks the invitation and adds the membership in one transaction. */
  async accept(viewer: Viewer, token: string): Promise<AuthResult> {
    const { userId } = requireUser(viewer);
    const membership = await this.deps.data.transaction(viewer, async ({ invitations, users, memberships, events }) => {
      const invitation = await invitations.findByTokenHash(hashToken(token));
      if (!invitation) throw new DomainError('NOT_FOUND', 'No invitation matches this token');
      const [user] = await users.findByIds([userId]);
      if (!user || user.email !== invitation.email) {
        throw new DomainError('FORBIDDEN', 'This invitation was sent to another email address');
      }
      if (invitation.acceptedAt) {
        throw new DomainError('BAD_USER_INPUT', `Invitation was already accepted on ${invitation.acceptedAt.toISOString()}`, {
          reason: 'ALREADY_ACCEPTED',
        });
      }
      const now = this.now();
      if (invitation.expiresAt <= now) {
        throw new DomainError('BAD_USER_INPUT', `Invitation expired on ${invitation.expiresAt.toISOString()}`, { reason: 'EXPIRED' });
      }
      if (!(await invitations.markAccepted(invitation.id, userId, now))) {
        throw new DomainError('BAD_USER_INPUT', 'Invitation was already accepted', { reason: 'ALREADY_ACCEPTED' });
      }
      const existing = await memberships.find(invitation.organizationId, userId);
      if (existing) return existing;
      const joined = await memberships.create({ organizationId: invitation.organizationId, userId, role: invitation.role });
      await recordMemberJoined(events, joined, user, userId);
      return joined;
    });
    return this.deps.auth.continueSession(viewer, membership);
  }

  async listPending(viewer: Viewer, organizationId: string): Promise<InvitationRecord[]> {
    const { memberships, invitations } = this.deps.data.repositories(viewer);
    const acting = await actingMember(memberships, viewer, 'ADMIN');
    if (acting.organizationId !== organizationId) {
      throw new DomainError('FORBIDDEN', 'Pending invitations are visible to admins of the current organization only');
    }
    return invitations.listPending(organizationId, this.now());
  }
}
