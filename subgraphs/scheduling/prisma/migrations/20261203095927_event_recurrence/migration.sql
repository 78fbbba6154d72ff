-- AlterTable (USING by hand: the old columns held UTC wall-clock times, whatever the session time zone)
ALTER TABLE "Event" ADD COLUMN     "allDay" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "calendarId" TEXT,
ADD COLUMN     "cancelledAt" TIMESTAMPTZ(3),
ADD COLUMN     "category" TEXT,
ADD COLUMN     "exceptionDates" TIMESTAMPTZ(3)[] DEFAULT ARRAY[]::TIMESTAMPTZ(3)[],
ADD COLUMN     "meetingUrl" TEXT,
ADD COLUMN     "recurrenceEndsAt" TIMESTAMPTZ(3),
ADD COLUMN     "recurrenceRule" TEXT,
ADD COLUMN     "splitFromId" TEXT,
ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC',
ALTER COLUMN "startsAt" SET DATA TYPE TIMESTAMPTZ(3) USING "startsAt" AT TIME ZONE 'UTC',
ALTER COLUMN "endsAt" SET DATA TYPE TIMESTAMPTZ(3) USING "endsAt" AT TIME ZONE 'UTC',
ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMPTZ(3) USING "createdAt" AT TIME ZONE 'UTC',
ALTER COLUMN "updatedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "updatedAt" AT TIME ZONE 'UTC';

-- CreateTable
CREATE TABLE "EventOverride" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "originalStartsAt" TIMESTAMPTZ(3) NOT NULL,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,
    "startsAt" TIMESTAMPTZ(3),
    "endsAt" TIMESTAMPTZ(3),
    "title" TEXT,
    "location" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EventOverride_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EventOverride_organizationId_startsAt_idx" ON "EventOverride"("organizationId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "EventOverride_eventId_originalStartsAt_key" ON "EventOverride"("eventId", "originalStartsAt");

-- CreateIndex
CREATE INDEX "Event_organizationId_recurrenceEndsAt_idx" ON "Event"("organizationId", "recurrenceEndsAt");

-- AddForeignKey
ALTER TABLE "EventOverride" ADD CONSTRAINT "EventOverride_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written backfill: a single event's occurrences end when it ends.
UPDATE "Event" SET "recurrenceEndsAt" = "endsAt" WHERE "recurrenceRule" IS NULL;
