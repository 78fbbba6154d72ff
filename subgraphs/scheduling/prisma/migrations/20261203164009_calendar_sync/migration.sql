-- CreateEnum
CREATE TYPE "CalendarProvider" AS ENUM ('GOOGLE', 'OUTLOOK', 'APPLE', 'ICS_URL');

-- CreateEnum
CREATE TYPE "CalendarConnectionTarget" AS ENUM ('CALENDAR', 'RESOURCE', 'USER');

-- CreateEnum
CREATE TYPE "CalendarSyncStatus" AS ENUM ('PENDING', 'SYNCING', 'SUCCESS', 'ERROR');

-- CreateTable
CREATE TABLE "CalendarConnection" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "provider" "CalendarProvider" NOT NULL,
    "targetType" "CalendarConnectionTarget" NOT NULL,
    "targetId" TEXT NOT NULL,
    "externalCalendarId" TEXT,
    "externalCalendarName" TEXT,
    "feedUrlEncrypted" TEXT,
    "accessTokenEncrypted" TEXT,
    "refreshTokenEncrypted" TEXT,
    "tokenExpiresAt" TIMESTAMPTZ(3),
    "webhookUrl" TEXT,
    "webhookChannelId" TEXT,
    "webhookSecretEncrypted" TEXT,
    "syncEnabled" BOOLEAN NOT NULL DEFAULT true,
    "syncStatus" "CalendarSyncStatus" NOT NULL DEFAULT 'PENDING',
    "lastSyncedAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "etag" TEXT,
    "lastModified" TEXT,
    "nextSyncAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMPTZ(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CalendarConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExternalCalendarEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "externalEventId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ExternalCalendarEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CalendarConnection_webhookChannelId_key" ON "CalendarConnection"("webhookChannelId");

-- CreateIndex
CREATE INDEX "CalendarConnection_organizationId_id_idx" ON "CalendarConnection"("organizationId", "id");

-- CreateIndex
CREATE INDEX "CalendarConnection_organizationId_targetType_targetId_idx" ON "CalendarConnection"("organizationId", "targetType", "targetId");

-- CreateIndex
CREATE INDEX "CalendarConnection_syncEnabled_nextSyncAt_idx" ON "CalendarConnection"("syncEnabled", "nextSyncAt");

-- CreateIndex
CREATE INDEX "ExternalCalendarEvent_organizationId_connectionId_startsAt_idx" ON "ExternalCalendarEvent"("organizationId", "connectionId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalCalendarEvent_connectionId_externalEventId_key" ON "ExternalCalendarEvent"("connectionId", "externalEventId");

-- AddForeignKey
ALTER TABLE "ExternalCalendarEvent" ADD CONSTRAINT "ExternalCalendarEvent_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "CalendarConnection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The poller and the webhooks act before they know the organization: these two reads alone cross
-- organizations, and return only ids; everything else runs in the organization's scope.
-- Connections due for a sync and not held by another instance's lease.
CREATE FUNCTION plaza_calendar_connections_due(at timestamptz) RETURNS TABLE ("organizationId" text, id text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT c."organizationId", c.id FROM "CalendarConnection" c
     WHERE c."syncEnabled" AND c."nextSyncAt" <= at AND (c."leaseUntil" IS NULL OR c."leaseUntil" < at)
     ORDER BY c."nextSyncAt", c.id
     LIMIT 100
  $$;
-- The connection a provider's notification names by its channel (Google) or subscription (Microsoft Graph) id.
CREATE FUNCTION plaza_calendar_connection_of_channel(channel text) RETURNS TABLE ("organizationId" text, id text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT c."organizationId", c.id FROM "CalendarConnection" c WHERE c."webhookChannelId" = channel
  $$;
DO $$ BEGIN
  CREATE ROLE plaza_tenant NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
REVOKE ALL ON FUNCTION plaza_calendar_connections_due(timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION plaza_calendar_connection_of_channel(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plaza_calendar_connections_due(timestamptz) TO plaza_tenant;
GRANT EXECUTE ON FUNCTION plaza_calendar_connection_of_channel(text) TO plaza_tenant;
