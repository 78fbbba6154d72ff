import type { Viewer } from '@plaza/auth';
import type { EventRecorder } from '@plaza/events';
import { requireMember } from '@plaza/subgraph-kit';
import type { ContentType } from '../generated/prisma/enums.ts';
import { activeMembersAmong, type ActiveMembers } from '../member/member-access.ts';
import type { MentionRepository } from './mention.repository.ts';

/** The content a body belongs to, named as domain events name it. */
export interface MentionSubject {
  type: 'Post' | 'Comment' | 'Message';
  id: string;
}

/** `<@USER_ID>`: ids are opaque, so the syntax only bounds them (same limits as idSchema). */
const MENTION_PATTERN = /<@([A-Za-z0-9_-]{1,64})>/g;

/** Mentions beyond this many in one body are ignored, so one message cannot notify a whole organization. */
const MAX_MENTIONS_PER_BODY = 20;

const contentTypeOf = { Post: 'POST', Comment: 'COMMENT', Message: 'MESSAGE' } as const satisfies Record<
  MentionSubject['type'],
  ContentType
>;

/** The distinct user ids mentioned in a Markdown body, in order of first appearance, at most MAX_MENTIONS_PER_BODY. */
export function parseMentions(body: string): string[] {
  const ids = new Set<string>();
  for (const match of body.matchAll(MENTION_PATTERN)) {
    if (match[1]) ids.add(match[1]);
    if (ids.size === MAX_MENTIONS_PER_BODY) break;
  }
  return [...ids];
}

/**
 * The users a body mentions who are active members of the viewer's organization (the member
 * directory): anyone else's id is left as text, as if no such user existed. Call it before the
 * transaction that writes the body (see ActiveMembers).
 */
export function mentionedMembers(members: ActiveMembers, body: string): Promise<string[]> {
  const ids = parseMentions(body);
  return ids.length ? activeMembersAmong(members, ids) : Promise.resolve([]);
}

/**
 * Records the mentions of `mentionedUserIds` on `subject` and a `community.user.mentioned` event
 * for each user not mentioned there before (so an edit notifies only the newly mentioned). The
 * viewer mentioning themselves is ignored. Call it with the repositories of the transaction that
 * writes the subject, with ids already checked (mentionedMembers); returns the newly mentioned ids.
 */
export async function recordMentions(
  { mentions, events }: { mentions: Pick<MentionRepository, 'addIfAbsent'>; events: EventRecorder },
  viewer: Viewer,
  subject: MentionSubject,
  mentionedUserIds: readonly string[],
): Promise<string[]> {
  const { organizationId, userId } = requireMember(viewer);
  const mentioned = mentionedUserIds.filter((id) => id !== userId);
  if (mentioned.length === 0) return [];
  const created = await mentions.addIfAbsent({
    organizationId,
    subjectType: contentTypeOf[subject.type],
    subjectId: subject.id,
    byUserId: userId,
    mentionedUserIds: mentioned,
  });
  for (const mentionedUserId of created) {
    await events.record({
      type: 'community.user.mentioned',
      organizationId,
      actorId: userId,
      subject: { type: subject.type, id: subject.id },
      payload: { mentionedUserId, byUserId: userId, subjectType: subject.type, subjectId: subject.id },
    });
  }
  return created;
}
