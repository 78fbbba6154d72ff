-- CreateEnum
CREATE TYPE "RsvpResponse" AS ENUM ('GOING', 'MAYBE', 'DECLINED');

-- CreateTable
CREATE TABLE "Rsvp" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "occurrenceStartsAt" TIMESTAMPTZ(3) NOT NULL,
    "userId" TEXT NOT NULL,
    "response" "RsvpResponse" NOT NULL,
    "waitlisted" BOOLEAN NOT NULL DEFAULT false,
    "respondedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Rsvp_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Rsvp_eventId_occurrenceStartsAt_response_waitlisted_respond_idx" ON "Rsvp"("eventId", "occurrenceStartsAt", "response", "waitlisted", "respondedAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Rsvp_eventId_occurrenceStartsAt_userId_key" ON "Rsvp"("eventId", "occurrenceStartsAt", "userId");

-- AddForeignKey
ALTER TABLE "Rsvp" ADD CONSTRAINT "Rsvp_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
