-- CreateEnum
CREATE TYPE "CalendarOwnerType" AS ENUM ('ORGANIZATION', 'USER');

-- CreateTable
CREATE TABLE "Calendar" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "ownerType" "CalendarOwnerType" NOT NULL,
    "ownerId" TEXT,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "color" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Calendar_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarSettings" (
    "organizationId" TEXT NOT NULL,
    "defaultTimeZone" TEXT NOT NULL,
    "weekStart" INTEGER NOT NULL,
    "workingHours" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CalendarSettings_pkey" PRIMARY KEY ("organizationId")
);

-- CreateIndex
CREATE INDEX "Calendar_organizationId_ownerType_ownerId_id_idx" ON "Calendar"("organizationId", "ownerType", "ownerId", "id");
