import { fileURLToPath } from 'node:url';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { definePrismaSubgraph } from '@plaza/subgraph-kit';
import { createServices, schedulingSettings, syncPollMs } from './context.ts';
import { seedDemo } from './demo-seed.ts';
import { PrismaClient } from './generated/prisma/client.ts';
import { createLoaders } from './loaders.ts';
import { createRepositories } from './repositories.ts';
import { resolvers } from './resolvers.ts';

export const name = 'scheduling';

/** Opens scheduling's database (applying its migrations) and builds the subgraph. */
export const createSubgraph = definePrismaSubgraph({
  name,
  sdlDir: fileURLToPath(new URL('.', import.meta.url)),
  prismaDir: fileURLToPath(new URL('../prisma', import.meta.url)),
  // Query events let the federation test count SQL statements per page; nothing listens otherwise.
  createClient: (adapter) => new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] }),
  // The bookings' exclusion constraint compares resource ids in a GiST index; PostgreSQL ships it.
  pgliteExtensions: { btree_gist },
  settings: schedulingSettings,
  createRepositories,
  createServices,
  createLoaders,
  resolvers,
  // Identity's membership events keep the directory that user ids from clients are checked against.
  memberDirectory: true,
  // RSVPs, bookings, event changes, conflicts and due reminders are recorded with the change.
  outbox: true,
  consumer: {
    // Paid orders become tickets (one row per order item, so redelivery changes nothing).
    handle: async (services, event) => {
      await services.tickets.handle(event);
    },
  },
  jobs: (services, settings) => [
    { name: 'reminders', everyMs: settings.PLAZA_REMINDER_INTERVAL_MS, run: () => services.reminders.runOnce() },
    { name: 'calendar-sync', everyMs: syncPollMs(settings), run: () => services.calendarSync.runOnce() },
  ],
  seedDemo,
  httpRoutes: (services) => ({
    // Google Calendar and Microsoft Graph push change notifications here; each is verified by the connection's webhook secret.
    '/webhooks/calendar/google': (request) => services.calendarSync.handleWebhook('GOOGLE', request),
    '/webhooks/calendar/outlook': (request) => services.calendarSync.handleWebhook('OUTLOOK', request),
    // Integrations post signed external requests here; the handler verifies the source's signature over the raw body.
    '/external-requests/:organizationId/:source': (request) =>
      services.externalRequests.receiveWebhook(
        request.params.organizationId ?? '',
        request.params.source ?? '',
        request.body,
        request.headers,
      ),
  }),
  // Calendar apps subscribe here; the secret token in the path is the only credential.
  streamRoutes: (services) => ({
    '/calendar-feeds/:file': async (request, response) => {
      const feed = await services.ical.feed(request.params.file ?? '');
      response.writeHead(feed.status, { 'content-type': feed.contentType });
      response.end(request.method === 'HEAD' ? undefined : feed.body);
    },
  }),
});
