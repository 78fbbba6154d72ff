import type { MemberDirectory } from '@plaza/subgraph-kit';
import type { Viewer } from '@plaza/auth';
import { createAnnouncementLoaders } from './announcement/announcement.loaders.ts';
import { createCommentLoaders } from './comment/comment.loaders.ts';
import { createConversationLoaders } from './conversation/conversation.loaders.ts';
import { createFileLoaders } from './file/file.loaders.ts';
import { createFollowLoaders } from './follow/follow.loaders.ts';
import { createGamificationLoaders } from './gamification/gamification.loaders.ts';
import type { GamificationService } from './gamification/gamification.service.ts';
import { createGroupLoaders } from './group/group.loaders.ts';
import { createMemberLoaders } from './member/member.loaders.ts';
import { createMessageLoaders } from './message/message.loaders.ts';
import { createPostLoaders } from './post/post.loaders.ts';
import { createReactionLoaders } from './reaction/reaction.loaders.ts';
import type { CommunityRepositories } from './repositories.ts';
import { createSpaceLoaders } from './space/space.loaders.ts';

/** What loaders use of the services (the levels' defaults), named here so loaders never import the context. */
type LoaderServices = { gamification: Pick<GamificationService, 'levels'>; members: Pick<MemberDirectory, 'activeAmong'> };

/**
 * DataLoaders of one request: they cache per viewer, so they never outlive the request. Each
 * concept owns its loaders; this only puts them together (and hands the posts' content scope,
 * resolved once per request, to the comments).
 */
export function createLoaders<Services extends LoaderServices>({
  repositories,
  viewer,
  services,
}: {
  repositories: CommunityRepositories;
  viewer: Viewer;
  services: Services;
}) {
  const scope = { repositories, viewer };
  const posts = createPostLoaders(scope);
  return {
    ...createMemberLoaders({ viewer, members: services.members }),
    ...createSpaceLoaders(scope),
    ...createGroupLoaders(scope),
    ...createAnnouncementLoaders(scope),
    ...posts,
    ...createCommentLoaders({ ...scope, contentScope: posts.contentScope }),
    ...createReactionLoaders(scope),
    ...createFollowLoaders(scope),
    ...createGamificationLoaders({ ...scope, services }),
    ...createConversationLoaders(scope),
    ...createMessageLoaders(scope),
    ...createFileLoaders(scope),
  };
}

export type CommunityLoaders = ReturnType<typeof createLoaders>;
