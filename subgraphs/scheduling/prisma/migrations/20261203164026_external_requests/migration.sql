-- CreateEnum
CREATE TYPE "ExternalRequestType" AS ENUM ('BOOKING', 'INQUIRY', 'COMPLAINT', 'SUGGESTION');

-- CreateEnum
CREATE TYPE "ExternalRequestPriority" AS ENUM ('LOW', 'NORMAL', 'HIGH', 'URGENT');

-- CreateEnum
CREATE TYPE "ExternalRequestStatus" AS ENUM ('PENDING', 'PROCESSING', 'APPROVED', 'REJECTED', 'CANCELLED');

-- CreateTable
CREATE TABLE "ExternalRequestSource" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secretSalt" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExternalRequestSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExternalRequest" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "type" "ExternalRequestType" NOT NULL,
    "priority" "ExternalRequestPriority" NOT NULL DEFAULT 'NORMAL',
    "status" "ExternalRequestStatus" NOT NULL DEFAULT 'PENDING',
    "contactName" TEXT,
    "contactEmail" TEXT,
    "subject" TEXT,
    "message" TEXT,
    "payload" JSONB NOT NULL,
    "requestedResourceId" TEXT,
    "requestedStartsAt" TIMESTAMPTZ(3),
    "requestedEndsAt" TIMESTAMPTZ(3),
    "assigneeId" TEXT,
    "processingNotes" TEXT,
    "bookingId" TEXT,
    "submittedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ExternalRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExternalRequestAttachment" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExternalRequestAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExternalRequestSource_organizationId_key_key" ON "ExternalRequestSource"("organizationId", "key");

-- CreateIndex
CREATE INDEX "ExternalRequest_organizationId_status_id_idx" ON "ExternalRequest"("organizationId", "status", "id");

-- CreateIndex
CREATE UNIQUE INDEX "ExternalRequest_organizationId_source_externalId_key" ON "ExternalRequest"("organizationId", "source", "externalId");

-- CreateIndex
CREATE INDEX "ExternalRequestAttachment_requestId_idx" ON "ExternalRequestAttachment"("requestId");

-- AddForeignKey
ALTER TABLE "ExternalRequestAttachment" ADD CONSTRAINT "ExternalRequestAttachment_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ExternalRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;
