import type { Resolvers } from '@plaza/subgraph-kit';
import type { CommunityContext } from './context.ts';
import { liveSubscriptions } from './live/live.resolvers.ts';
import { Conversation, ConversationMember, conversationMutations, conversationQueries } from './conversation/conversation.resolvers.ts';
import { File, fileMutations, fileQueries, postFileFields } from './file/file.resolvers.ts';
import { Message, messageMutations, messageQueries } from './message/message.resolvers.ts';
import { Report, moderationMutations, moderationQueries } from './moderation/moderation.resolvers.ts';
import { Announcement, announcementMutations, announcementQueries } from './announcement/announcement.resolvers.ts';
import { Group, GroupBan, GroupInvite, GroupMember, groupMutations, groupQueries } from './group/group.resolvers.ts';
import { Post, PostRevision, postMutations, postQueries } from './post/post.resolvers.ts';
import { Comment, commentMutations, commentQueries } from './comment/comment.resolvers.ts';
import { messageReactionFields, reactionMutations } from './reaction/reaction.resolvers.ts';
import { followMutations } from './follow/follow.resolvers.ts';
import { gamificationMutations, gamificationQueries } from './gamification/gamification.resolvers.ts';
import { feedQueries, groupFeedFields } from './feed/feed.resolvers.ts';
import { SearchHit, searchQueries } from './search/search.resolvers.ts';
import { Space, SpaceMember, spaceMutations, spaceQueries } from './space/space.resolvers.ts';
import { settingsMutations, settingsQueries } from './settings/settings.resolvers.ts';
import { User } from './user/user.resolvers.ts';

export const resolvers = {
  Query: { ...conversationQueries, ...messageQueries, ...fileQueries, ...moderationQueries, ...spaceQueries, ...groupQueries, ...announcementQueries, ...settingsQueries, ...postQueries, ...commentQueries, ...gamificationQueries, ...feedQueries, ...searchQueries },
  Subscription: liveSubscriptions,
  Mutation: { ...conversationMutations, ...messageMutations, ...fileMutations, ...moderationMutations, ...spaceMutations, ...groupMutations, ...announcementMutations, ...settingsMutations, ...postMutations, ...commentMutations, ...reactionMutations, ...followMutations, ...gamificationMutations },
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
  Conversation,
  ConversationMember,
  Message: { ...Message, ...messageReactionFields },
  File,
  Report,
  User,
} as unknown as Resolvers<CommunityContext>;
