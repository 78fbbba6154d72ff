import type { Viewer } from '@plaza/auth';
import { createGroupedLoader, createKeyedLoader, type ConnectionArgs } from '@plaza/subgraph-kit';
import type DataLoader from 'dataloader';
import type { EventRecord } from './event/event.repository.ts';
import type { EventService } from './event/event.service.ts';

/** DataLoaders of one request: they cache per viewer, so they never outlive the request. */
export function createLoaders(viewer: Viewer, services: { events: EventService }) {
  const hostedEventsByArgs = new Map<string, DataLoader<string, EventRecord[]>>();
  return {
    /** Events of the viewer's organization; null for any other id, including other organizations'. */
    eventById: createKeyedLoader((ids: readonly string[]) => services.events.findInOrganizationByIds(viewer, ids), (event) => event.id),
    /**
     * One page of hosted events per host id. Every `User.hostedEvents` in a query with the same
     * arguments shares one loader, so a list of users costs one query.
     */
    hostedEventsByHostId(args: ConnectionArgs): DataLoader<string, EventRecord[]> {
      const key = JSON.stringify([args.first, args.after ?? null]);
      let loader = hostedEventsByArgs.get(key);
      if (!loader) {
        loader = createGroupedLoader((hostIds: readonly string[]) => services.events.listByHosts(viewer, hostIds, args), (event) => event.hostId);
        hostedEventsByArgs.set(key, loader);
      }
      return loader;
    },
  };
}

export type SchedulingLoaders = ReturnType<typeof createLoaders>;
