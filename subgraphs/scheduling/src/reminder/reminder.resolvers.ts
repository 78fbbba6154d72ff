import { parseInput } from '@plaza/subgraph-kit';
import type { MutationResolvers } from '../generated/graphql.ts';
import { reminderPreferenceArgs } from './reminder.validation.ts';

export const reminderMutations: MutationResolvers = {
  setMyEventReminders: (_, args, { viewer, services }) =>
    services.reminders.setPreference(
      viewer,
      parseInput(reminderPreferenceArgs, { eventId: args.eventId, offsetsMinutes: args.offsetsMinutes ?? null }),
    ),
};
