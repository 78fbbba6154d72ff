import { Calendar, calendarMutations, calendarQueries } from './calendar/calendar.resolvers.ts';
import { Event, eventMutations, eventQueries } from './event/event.resolvers.ts';
import type { Resolvers } from './generated/graphql.ts';
import { settingsMutations, settingsQueries } from './settings/settings.resolvers.ts';
import { User } from './user/user.resolvers.ts';

export const resolvers: Resolvers = {
  Query: { ...eventQueries, ...calendarQueries, ...settingsQueries },
  Mutation: { ...eventMutations, ...calendarMutations, ...settingsMutations },
  Calendar,
  Event,
  User,
};
