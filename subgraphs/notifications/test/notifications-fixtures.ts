import type { TestStack } from '@plaza/testkit';
import type { PrismaClient } from '../src/generated/prisma/client.ts';
import type { createSubgraph } from '../src/index.ts';
import { graphql } from './graphql/index.ts';

type NotificationsSubgraph = Awaited<ReturnType<typeof createSubgraph>>;

/**
 * Notifications in a running stack: its Prisma client, to assert on rows and to write the rows
 * no public mutation creates, and its services, to feed it domain events directly.
 */
export function notificationsOf(stack: TestStack) {
  const running = stack.running.subgraphs.notifications;
  if (!running) throw new Error('notifications is not running in this stack');
  // The stack knows subgraphs by the kit's interface; notifications' own factory built this one.
  const subgraph = running.subgraph as NotificationsSubgraph;
  return { prisma: stack.prisma<PrismaClient>('notifications'), services: subgraph.services };
}

export const SET_PREFERENCES = graphql(`
  mutation NotificationsSetPreferences($input: [NotificationPreferenceInput!]!) {
    updateNotificationPreferences(input: $input) {
      type
      channel
      enabled
      source
    }
  }
`);

export const SET_DEFAULTS = graphql(`
  mutation NotificationsSetDefaults($input: [NotificationPreferenceInput!]!) {
    updateNotificationDefaults(input: $input) {
      type
      channel
      enabled
      source
    }
  }
`);
