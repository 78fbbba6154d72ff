import { notFound, type ActiveMember } from '@plaza/subgraph-kit';

/** What the checks read of a directory entry: that there is one. */
type Entry = Pick<ActiveMember, 'userId'>;

/**
 * The request's `activeMemberByUserId` loader (member.loaders.ts). Services take it from the
 * resolver and call it before opening their transaction: on PGlite a query outside an open
 * transaction would wait for it to end.
 */
export interface ActiveMembers {
  loadMany(userIds: readonly string[]): Promise<(Entry | null | Error)[]>;
}

/** `userIds` in order, each with its directory entry or null; load errors are thrown. */
async function lookUp(members: ActiveMembers, userIds: readonly string[]): Promise<[string, Entry | null][]> {
  const found = await members.loadMany([...userIds]);
  return userIds.map((userId, index) => {
    const member = found[index];
    if (member instanceof Error) throw member;
    return [userId, member ?? null];
  });
}

/**
 * The one check of user ids that come in from clients (follow, chats, group and space members,
 * reports): NOT_FOUND `User <id> was not found` for the first id that is not an active member
 * of the viewer's organization. Another organization's users, and those who left, behave as if
 * they did not exist. One query for the whole list.
 */
export async function requireActiveMembers(members: ActiveMembers, userIds: readonly string[]): Promise<void> {
  const missing = (await lookUp(members, userIds)).find(([, member]) => !member);
  if (missing) throw notFound('User', missing[0]);
}

/** The active members among `userIds`, in order: for mentions, where an unknown id is only text. */
export async function activeMembersAmong(members: ActiveMembers, userIds: readonly string[]): Promise<string[]> {
  return (await lookUp(members, userIds)).filter(([, member]) => member).map(([userId]) => userId);
}
