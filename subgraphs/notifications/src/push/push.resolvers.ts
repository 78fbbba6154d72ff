import { parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers, QueryResolvers } from '../generated/graphql.ts';
import { removePushSubscriptionArgs } from './push.validation.ts';

export const pushQueries: QueryResolvers = {
  pushPublicKey: (_, __, { services }) => services.push.publicKey(),
};

export const pushMutations: MutationResolvers = {
  registerPushSubscription: (_, args, { viewer, services }) => services.push.register(viewer, parseInput(services.push.registerArgs, args)),
  removePushSubscription: (_, args, { viewer, services }) => services.push.remove(viewer, parseInput(removePushSubscriptionArgs, args)),
};
