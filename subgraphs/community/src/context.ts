import type { SubgraphContext, SubgraphRuntime } from '@plaza/subgraph-kit';
import { CommunityLiveService } from './live/community-live.service.ts';
import type { PrismaClient } from './db.ts';
import type { CommunityLoaders } from './loaders.ts';
import { ConversationService } from './conversation/conversation.service.ts';
import { defaultFileStorage } from './file/file-storage.ts';
import { FileService } from './file/file.service.ts';
import { MessageService } from './message/message.service.ts';
import { ModerationService } from './moderation/moderation.service.ts';
import { CommentService } from './comment/comment.service.ts';
import { AnnouncementService } from './announcement/announcement.service.ts';
import { GroupService } from './group/group.service.ts';
import { MemberDirectoryService } from './member/member.service.ts';
import { PostService } from './post/post.service.ts';
import { ReactionService } from './reaction/reaction.service.ts';
import { FollowService } from './follow/follow.service.ts';
import { GamificationService } from './gamification/gamification.service.ts';
import { FeedService } from './feed/feed.service.ts';
import { SearchService } from './search/search.service.ts';
import { SettingsService } from './settings/settings.service.ts';
import { SpaceService } from './space/space.service.ts';

export function createServices(prisma: PrismaClient, runtime: SubgraphRuntime) {
  const live = new CommunityLiveService({ prisma, live: runtime.live });
  const posts = new PostService({ prisma, onCreated: (post) => live.postAdded(post) });
  const comments = new CommentService({ prisma });
  const messages = new MessageService({ prisma, onSent: (message) => live.messageAdded(message) });
  return {
    live,
    /** Feed it identity's membership events (the `community` consumer group). */
    members: new MemberDirectoryService({ prisma }),
    spaces: new SpaceService({ prisma }),
    groups: new GroupService({ prisma }),
    announcements: new AnnouncementService({ prisma }),
    settings: new SettingsService({ prisma }),
    posts,
    comments,
    reactions: new ReactionService({ prisma }),
    follows: new FollowService({ prisma }),
    gamification: new GamificationService({ prisma }),
    feeds: new FeedService({ prisma }),
    search: new SearchService({ prisma }),
    conversations: new ConversationService({ prisma }),
    messages,
    files: new FileService({ prisma, storage: defaultFileStorage() }),
    moderation: new ModerationService({
      prisma,
      messages,
      // Deletes go through the owning services so stored counters stay exact.
      deletePost: (viewer, id) => posts.delete(viewer, id),
      deleteComment: (viewer, id) => comments.delete(viewer, id),
    }),
  };
}

export type CommunityServices = ReturnType<typeof createServices>;

export type CommunityContext = SubgraphContext<CommunityServices, CommunityLoaders>;
