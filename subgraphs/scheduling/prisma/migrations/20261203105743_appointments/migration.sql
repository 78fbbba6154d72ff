-- CreateEnum
CREATE TYPE "AppointmentStatus" AS ENUM ('SCHEDULED', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'NO_SHOW');

-- CreateTable
CREATE TABLE "Appointment" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "staffUserId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'SCHEDULED',
    "location" TEXT,
    "meetingUrl" TEXT,
    "notes" TEXT,
    "remindersSent" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Appointment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Appointment_organizationId_staffUserId_startsAt_id_idx" ON "Appointment"("organizationId", "staffUserId", "startsAt", "id");

-- CreateIndex
CREATE INDEX "Appointment_organizationId_contactId_startsAt_id_idx" ON "Appointment"("organizationId", "contactId", "startsAt", "id");

-- Hand-written: one staff member's live appointments never overlap (btree_gist from the
-- resources_and_bookings migration compares the user id in the GiST index).
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_no_overlap" EXCLUDE USING gist (
  "staffUserId" WITH =,
  tstzrange("startsAt", "endsAt", '[)') WITH &&
) WHERE ("status" IN ('SCHEDULED', 'CONFIRMED'));

ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_ends_after_start" CHECK ("endsAt" > "startsAt");
