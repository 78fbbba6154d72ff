import { join } from 'node:path';
import { dataSettings } from '@plaza/config';
import { dataDirOf } from '@plaza/db';
import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import { z } from 'zod';
import { AnnouncementService } from './announcement/announcement.service.ts';
import { CommentService } from './comment/comment.service.ts';
import { ConversationService } from './conversation/conversation.service.ts';
import { FeedService } from './feed/feed.service.ts';
import { LocalDiskFileStorage } from './file/file-storage.ts';
import { FileService } from './file/file.service.ts';
import { FollowService } from './follow/follow.service.ts';
import { GamificationService } from './gamification/gamification.service.ts';
import { GroupService } from './group/group.service.ts';
import { CommunityLiveService } from './live/community-live.service.ts';
import type { CommunityLoaders } from './loaders.ts';
import { MemberTierService } from './member/member-tier.service.ts';
import { MessageService } from './message/message.service.ts';
import { ModerationService } from './moderation/moderation.service.ts';
import { PostService } from './post/post.service.ts';
import { ReactionService } from './reaction/reaction.service.ts';
import type { CommunityRepositories } from './repositories.ts';
import { SearchService } from './search/search.service.ts';
import { SettingsService } from './settings/settings.service.ts';
import { SpaceService } from './space/space.service.ts';

/**
 * Community's own settings: where uploaded files' bytes are kept. PLAZA_DATA_DIR is shared with
 * the embedded databases; PLAZA_FILES_DIR moves the files alone (e.g. to a mounted volume).
 */
export const communitySettings = dataSettings.pick({ PLAZA_DATA_DIR: true }).extend({
  /** Folder of uploaded files' bytes. Default: `<data dir>/files` (`<repo>/.data/files` without PLAZA_DATA_DIR). */
  PLAZA_FILES_DIR: z.string().min(1, 'must be a folder path').optional(),
});

export type CommunitySettings = z.output<typeof communitySettings>;

/** The folder uploaded files are kept in under these settings. */
export const filesDirOf = (settings: CommunitySettings) => settings.PLAZA_FILES_DIR ?? join(dataDirOf(settings), 'files');

export function createServices({
  data,
  live: livePubSub,
  settings,
  members,
}: ServiceDependencies<CommunityRepositories, CommunitySettings>) {
  const live = new CommunityLiveService({ data, live: livePubSub });
  const posts = new PostService({ data, onCreated: (post) => live.postAdded(post) });
  const comments = new CommentService({ data });
  const messages = new MessageService({ data, onSent: (message) => live.messageAdded(message) });
  return {
    live,
    /** The kit's member directory, which services check the user ids clients send against. */
    members,
    spaces: new SpaceService({ data }),
    memberTiers: new MemberTierService({ data }),
    groups: new GroupService({ data }),
    announcements: new AnnouncementService({ data }),
    settings: new SettingsService({ data }),
    posts,
    comments,
    reactions: new ReactionService({ data }),
    follows: new FollowService({ data }),
    gamification: new GamificationService({ data }),
    feeds: new FeedService({ data }),
    search: new SearchService({ data }),
    conversations: new ConversationService({ data }),
    messages,
    files: new FileService({ data, storage: new LocalDiskFileStorage(filesDirOf(settings)) }),
    moderation: new ModerationService({
      data,
      messages,
      // Deletes go through the owning services so stored counters stay exact.
      deletePost: (viewer, id) => posts.delete(viewer, id),
      deleteComment: (viewer, id) => comments.delete(viewer, id),
    }),
  };
}

export type CommunityServices = ReturnType<typeof createServices>;

export type CommunityContext = SubgraphContext<CommunityServices, CommunityLoaders>;
