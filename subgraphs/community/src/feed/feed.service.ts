import type { Viewer } from '@plaza/auth';
import { requireMember, toConnection, type ConnectionArgs, type DataAccess } from '@plaza/subgraph-kit';
import { assertCanReadGroup } from '../group/group-access.ts';
import type { ContentScope } from '../post/content-scope.ts';
import type { PostPage, PostRecord } from '../post/post.repository.ts';
import { postCursor, postPageOf } from '../post/post.service.ts';
import type { CommunityRepositories } from '../repositories.ts';
import { assertCanReadSpace } from '../space/space-access.ts';

type LoadPage = (page: PostPage) => Promise<PostRecord[]>;

export class FeedService {
  constructor(private readonly deps: { data: DataAccess<CommunityRepositories> }) {}

  /**
   * Posts in the spaces the viewer joined and by the users they follow, newest first. `scope` is
   * the request's content scope (one lookup per request, shared with the post loaders).
   */
  async home(viewer: Viewer, args: ConnectionArgs, scope: () => Promise<ContentScope | null>) {
    requireMember(viewer);
    const current = await scope();
    const rows = current ? await this.deps.data.repositories(viewer).posts.listHome(current, postPageOf(args)) : [];
    return toConnection(rows, args.first, postCursor);
  }

  /** A space's posts, pinned first then newest: NOT_FOUND for a space the viewer cannot see. */
  async space(viewer: Viewer, spaceId: string, args: ConnectionArgs, loadPage: LoadPage) {
    await assertCanReadSpace(this.deps.data.repositories(viewer).spaces, viewer, spaceId);
    return toConnection(await loadPage(postPageOf(args)), args.first, postCursor);
  }

  /** A group's posts, pinned first then newest: NOT_FOUND for an invisible group, FORBIDDEN for non-members and the banned. */
  async group(viewer: Viewer, groupId: string, args: ConnectionArgs, loadPage: LoadPage) {
    await assertCanReadGroup(this.deps.data.repositories(viewer).groups, viewer, groupId);
    return toConnection(await loadPage(postPageOf(args)), args.first, postCursor);
  }
}
