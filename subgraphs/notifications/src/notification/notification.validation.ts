import { connectionArgsSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

export const notificationsArgs = connectionArgsSchema.extend({
  unreadOnly: z
    .boolean()
    .nullish()
    .transform((unreadOnly) => unreadOnly ?? false),
});
