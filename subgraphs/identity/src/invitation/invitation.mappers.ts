export type { InvitationRecord as InvitationMapper } from './invitation.repository.ts';
