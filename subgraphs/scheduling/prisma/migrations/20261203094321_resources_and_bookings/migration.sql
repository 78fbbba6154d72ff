-- CreateEnum
CREATE TYPE "ResourceType" AS ENUM ('SPACE', 'EQUIPMENT', 'PERSON', 'WORKSHOP');

-- CreateEnum
CREATE TYPE "BookingStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "BookingSource" AS ENUM ('WEB', 'API', 'EXTERNAL_REQUEST', 'EXTERNAL_CALENDAR', 'MANUAL');

-- CreateEnum
CREATE TYPE "ConflictType" AS ENUM ('DOUBLE_BOOKING', 'TIMEZONE_MISMATCH', 'RESOURCE_UNAVAILABLE', 'CAPACITY_EXCEEDED');

-- CreateEnum
CREATE TYPE "ConflictSeverity" AS ENUM ('LOW', 'MEDIUM', 'HIGH');

-- CreateEnum
CREATE TYPE "ConflictStatus" AS ENUM ('OPEN', 'INVESTIGATING', 'RESOLVED', 'IGNORED');

-- AlterEnum
ALTER TYPE "CalendarOwnerType" ADD VALUE 'RESOURCE';

-- CreateTable
CREATE TABLE "Resource" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "ResourceType" NOT NULL,
    "description" TEXT,
    "capacity" INTEGER,
    "timeZone" TEXT NOT NULL,
    "openHours" JSONB NOT NULL,
    "bufferBeforeMinutes" INTEGER NOT NULL DEFAULT 0,
    "bufferAfterMinutes" INTEGER NOT NULL DEFAULT 0,
    "minDurationMinutes" INTEGER NOT NULL DEFAULT 15,
    "maxDurationMinutes" INTEGER NOT NULL DEFAULT 480,
    "leadTimeMinutes" INTEGER NOT NULL DEFAULT 0,
    "autoApprove" BOOLEAN NOT NULL DEFAULT true,
    "allowedRoles" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResourceBlackout" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResourceBlackout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Booking" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "bookedById" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "blockedFrom" TIMESTAMPTZ(3) NOT NULL,
    "blockedUntil" TIMESTAMPTZ(3) NOT NULL,
    "status" "BookingStatus" NOT NULL,
    "source" "BookingSource" NOT NULL DEFAULT 'WEB',
    "notes" TEXT,
    "resolutionNotes" TEXT,
    "autoApproved" BOOLEAN NOT NULL DEFAULT false,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Booking_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BookingConflict" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "type" "ConflictType" NOT NULL,
    "resourceId" TEXT NOT NULL,
    "attemptedById" TEXT NOT NULL,
    "attemptedStartsAt" TIMESTAMPTZ(3) NOT NULL,
    "attemptedEndsAt" TIMESTAMPTZ(3) NOT NULL,
    "conflictingBookingId" TEXT,
    "severity" "ConflictSeverity" NOT NULL,
    "status" "ConflictStatus" NOT NULL DEFAULT 'OPEN',
    "resolution" TEXT,
    "resolvedById" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BookingConflict_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Resource_organizationId_id_idx" ON "Resource"("organizationId", "id");

-- CreateIndex
CREATE INDEX "ResourceBlackout_resourceId_startsOn_idx" ON "ResourceBlackout"("resourceId", "startsOn");

-- CreateIndex
CREATE INDEX "Booking_organizationId_resourceId_startsAt_id_idx" ON "Booking"("organizationId", "resourceId", "startsAt", "id");

-- CreateIndex
CREATE INDEX "Booking_organizationId_bookedById_startsAt_id_idx" ON "Booking"("organizationId", "bookedById", "startsAt", "id");

-- CreateIndex
CREATE INDEX "BookingConflict_organizationId_status_id_idx" ON "BookingConflict"("organizationId", "status", "id");

-- AddForeignKey
ALTER TABLE "ResourceBlackout" ADD CONSTRAINT "ResourceBlackout_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: double booking is impossible, whatever the application does. The blocked ranges
-- (booking plus the resource's buffers) of one resource's live bookings must not overlap.
-- btree_gist lets the GiST index compare "resourceId" with = beside the range's &&.
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "Booking" ADD CONSTRAINT "Booking_no_overlap" EXCLUDE USING gist (
  "resourceId" WITH =,
  tstzrange("blockedFrom", "blockedUntil", '[)') WITH &&
) WHERE ("status" IN ('PENDING', 'APPROVED'));

ALTER TABLE "Booking" ADD CONSTRAINT "Booking_ends_after_start" CHECK ("endsAt" > "startsAt" AND "blockedFrom" <= "startsAt" AND "blockedUntil" >= "endsAt");
