import { Announcement, announcementMutations, announcementQueries } from './announcement/announcement.resolvers.ts';
import { Comment, commentMutations, commentQueries } from './comment/comment.resolvers.ts';
import { Conversation, ConversationMember, conversationMutations, conversationQueries } from './conversation/conversation.resolvers.ts';
import { feedQueries, groupFeedFields } from './feed/feed.resolvers.ts';
import { File, fileMutations, fileQueries, postFileFields } from './file/file.resolvers.ts';
import { followMutations } from './follow/follow.resolvers.ts';
import { LeaderboardEntry, gamificationMutations, gamificationQueries } from './gamification/gamification.resolvers.ts';
import type { Resolvers } from './generated/graphql.ts';
import { Group, GroupBan, GroupInvite, GroupMember, groupMutations, groupQueries } from './group/group.resolvers.ts';
import { liveSubscriptions } from './live/live.resolvers.ts';
import { Message, messageMutations, messageQueries } from './message/message.resolvers.ts';
import { Report, moderationMutations, moderationQueries } from './moderation/moderation.resolvers.ts';
import { Post, PostRevision, postMutations, postQueries } from './post/post.resolvers.ts';
import { messageReactionFields, reactionMutations } from './reaction/reaction.resolvers.ts';
import { SearchHit, searchQueries } from './search/search.resolvers.ts';
import { settingsMutations, settingsQueries } from './settings/settings.resolvers.ts';
import { Space, SpaceMember, spaceMutations, spaceQueries } from './space/space.resolvers.ts';
import { User } from './user/user.resolvers.ts';

export const resolvers: Resolvers = {
  Query: {
    ...spaceQueries,
    ...groupQueries,
    ...announcementQueries,
    ...settingsQueries,
    ...postQueries,
    ...commentQueries,
    ...gamificationQueries,
    ...feedQueries,
    ...searchQueries,
    ...conversationQueries,
    ...messageQueries,
    ...fileQueries,
    ...moderationQueries,
  },
  Mutation: {
    ...spaceMutations,
    ...groupMutations,
    ...announcementMutations,
    ...settingsMutations,
    ...postMutations,
    ...commentMutations,
    ...reactionMutations,
    ...followMutations,
    ...gamificationMutations,
    ...conversationMutations,
    ...messageMutations,
    ...fileMutations,
    ...moderationMutations,
  },
  Subscription: liveSubscriptions,
  Space,
  SpaceMember,
  Group: { ...Group, ...groupFeedFields },
  GroupMember,
  GroupInvite,
  GroupBan,
  Announcement,
  Post: { ...Post, ...postFileFields },
  PostRevision,
  Comment,
  SearchHit,
  LeaderboardEntry,
  Conversation,
  ConversationMember,
  Message: { ...Message, ...messageReactionFields },
  File,
  Report,
  User,
};
