import type { DatabaseLocation } from '@plaza/db';
import type { EventBus, LivePubSub } from '@plaza/events';
import type { Subgraph } from '@plaza/subgraph-kit';
import * as commerce from '@plaza/commerce';
import * as community from '@plaza/community';
import * as crm from '@plaza/crm';
import * as identity from '@plaza/identity';
import * as learning from '@plaza/learning';
import * as notifications from '@plaza/notifications';
import * as scheduling from '@plaza/scheduling';

export interface SubgraphModule {
  name: string;
  createSubgraph(options?: { location?: DatabaseLocation; bus?: EventBus; live?: LivePubSub }): Promise<Subgraph<any, any>>;
}

/** Every subgraph package, keyed like the gateway's registry. */
export const SUBGRAPH_MODULES: Record<string, SubgraphModule> = {
  identity,
  community,
  commerce,
  crm,
  scheduling,
  learning,
  notifications,
};
