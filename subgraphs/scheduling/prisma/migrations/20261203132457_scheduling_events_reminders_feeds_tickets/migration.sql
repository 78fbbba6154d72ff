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
