import { OutboxRepository } from '@plaza/events';
import type { RepositoriesOf } from '@plaza/subgraph-kit';
import { AnnouncementRepository } from './announcement/announcement.repository.ts';
import { CommentRepository } from './comment/comment.repository.ts';
import { ConversationRepository } from './conversation/conversation.repository.ts';
import type { Db } from './db.ts';
import { FileRepository } from './file/file.repository.ts';
import { FollowRepository } from './follow/follow.repository.ts';
import { GamificationRepository } from './gamification/gamification.repository.ts';
import { GroupRepository } from './group/group.repository.ts';
import { MemberTierRepository } from './member/member-tier.repository.ts';
import { MentionRepository } from './mention/mention.repository.ts';
import { MessageRepository } from './message/message.repository.ts';
import { ReportRepository } from './moderation/moderation.repository.ts';
import { PostRepository } from './post/post.repository.ts';
import { ReactionRepository } from './reaction/reaction.repository.ts';
import { SearchRepository } from './search/search.repository.ts';
import { SettingsRepository } from './settings/settings.repository.ts';
import { SpaceRepository } from './space/space.repository.ts';

/** Every repository of community over one client or transaction: the only code that touches Prisma. */
export function createRepositories(db: Db) {
  return {
    spaces: new SpaceRepository(db),
    groups: new GroupRepository(db),
    announcements: new AnnouncementRepository(db),
    settings: new SettingsRepository(db),
    posts: new PostRepository(db),
    comments: new CommentRepository(db),
    reactions: new ReactionRepository(db),
    follows: new FollowRepository(db),
    mentions: new MentionRepository(db),
    gamification: new GamificationRepository(db),
    search: new SearchRepository(db),
    conversations: new ConversationRepository(db),
    messages: new MessageRepository(db),
    files: new FileRepository(db),
    reports: new ReportRepository(db),
    events: new OutboxRepository(db),
    memberTiers: new MemberTierRepository(db),
  };
}

/** What community's services see of its repositories: public methods only, so unit tests can pass fakes. */
export type CommunityRepositories = RepositoriesOf<typeof createRepositories>;
