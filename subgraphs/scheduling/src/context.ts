import type { SubgraphContext } from '@plaza/subgraph-kit';
import type { PrismaClient } from './db.ts';
import { EventService } from './event/event.service.ts';
import type { SchedulingLoaders } from './loaders.ts';

export function createServices(prisma: PrismaClient) {
  return {
    events: new EventService({ prisma }),
  };
}

export type SchedulingServices = ReturnType<typeof createServices>;

export type SchedulingContext = SubgraphContext<SchedulingServices, SchedulingLoaders>;
