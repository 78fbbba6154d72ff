import type { ServiceDependencies, SubgraphContext } from '@plaza/subgraph-kit';
import { EventService } from './event/event.service.ts';
import type { SchedulingLoaders } from './loaders.ts';
import type { SchedulingRepositories } from './repositories.ts';

/** Scheduling reads no settings of its own: its services need only their repositories. */
export function createServices({ data, members }: ServiceDependencies<SchedulingRepositories, unknown>) {
  return {
    events: new EventService({ data, members }),
  };
}

export type SchedulingServices = ReturnType<typeof createServices>;

export type SchedulingContext = SubgraphContext<SchedulingServices, SchedulingLoaders>;
