-- AlterTable
ALTER TABLE "Rsvp" ADD COLUMN     "attendanceRecordedAt" TIMESTAMPTZ(3),
ADD COLUMN     "attendanceRecordedById" TEXT,
ADD COLUMN     "attended" BOOLEAN;

-- CreateIndex
CREATE INDEX "Booking_organizationId_createdAt_idx" ON "Booking"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "BookingConflict_organizationId_createdAt_idx" ON "BookingConflict"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "Rsvp_organizationId_occurrenceStartsAt_idx" ON "Rsvp"("organizationId", "occurrenceStartsAt");

-- CreateIndex
CREATE INDEX "Rsvp_organizationId_userId_eventId_idx" ON "Rsvp"("organizationId", "userId", "eventId");
