-- AlterTable
ALTER TABLE "Calendar" ADD COLUMN     "feedTokenHash" TEXT;

-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "icalUid" TEXT,
ADD COLUMN     "productId" TEXT,
ADD COLUMN     "reminderOffsetsMinutes" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "actorId" TEXT,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventReminderPreference" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "offsetsMinutes" INTEGER[],
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EventReminderPreference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReminderDispatch" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "occurrenceStartsAt" TIMESTAMPTZ(3) NOT NULL,
    "userId" TEXT NOT NULL,
    "offsetMinutes" INTEGER NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReminderDispatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventTicket" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderItemId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "paidAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EventTicket_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_id_idx" ON "OutboxEvent"("publishedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "EventReminderPreference_eventId_userId_key" ON "EventReminderPreference"("eventId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "ReminderDispatch_eventId_occurrenceStartsAt_userId_offsetMi_key" ON "ReminderDispatch"("eventId", "occurrenceStartsAt", "userId", "offsetMinutes");

-- CreateIndex
CREATE UNIQUE INDEX "EventTicket_orderItemId_key" ON "EventTicket"("orderItemId");

-- CreateIndex
CREATE INDEX "EventTicket_organizationId_productId_userId_idx" ON "EventTicket"("organizationId", "productId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Calendar_feedTokenHash_key" ON "Calendar"("feedTokenHash");

-- CreateIndex
CREATE INDEX "Event_productId_idx" ON "Event"("productId");

-- CreateIndex
CREATE UNIQUE INDEX "Event_calendarId_icalUid_key" ON "Event"("calendarId", "icalUid");

-- AddForeignKey
ALTER TABLE "EventReminderPreference" ADD CONSTRAINT "EventReminderPreference_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: the two reads across organizations, returning organization ids only (as in
-- notifications' tenant_rls migration). SECURITY DEFINER runs them as the owner, whom the
-- policies do not bind; everything after runs inside the organization's own scope.
-- Organizations with an event that is on, reminds someone, and may start before `until`
-- without having ended by `since` (the reminder poller's candidates).
CREATE FUNCTION plaza_organizations_with_reminders(since timestamptz, until timestamptz) RETURNS TABLE ("organizationId" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT DISTINCT e."organizationId" FROM "Event" e
     WHERE e."cancelledAt" IS NULL AND e."startsAt" < until
       AND (e."recurrenceEndsAt" IS NULL OR e."recurrenceEndsAt" > since)
       AND (cardinality(e."reminderOffsetsMinutes") > 0
            OR EXISTS (SELECT 1 FROM "EventReminderPreference" p WHERE p."eventId" = e.id))
  $$;
-- The organization and calendar whose feed token hashes to `token_hash` (the public feed URL).
CREATE FUNCTION plaza_calendar_of_feed_token(token_hash text) RETURNS TABLE ("organizationId" text, "calendarId" text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT c."organizationId", c.id FROM "Calendar" c WHERE c."feedTokenHash" = token_hash
  $$;
-- The tenant role is created by @plaza/db after migrations; a fresh database needs it for the grants.
DO $$ BEGIN
  CREATE ROLE plaza_tenant NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
REVOKE ALL ON FUNCTION plaza_organizations_with_reminders(timestamptz, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION plaza_calendar_of_feed_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plaza_organizations_with_reminders(timestamptz, timestamptz) TO plaza_tenant;
GRANT EXECUTE ON FUNCTION plaza_calendar_of_feed_token(text) TO plaza_tenant;
