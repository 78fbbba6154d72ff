-- CreateEnum
CREATE TYPE "ContactStage" AS ENUM ('LEAD', 'PROSPECT', 'CUSTOMER', 'CHURNED');

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT,
    "stage" "ContactStage" NOT NULL DEFAULT 'LEAD',
    "ownerId" TEXT NOT NULL,
    "userId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Contact_organizationId_stage_id_idx" ON "Contact"("organizationId", "stage", "id");

-- CreateIndex
CREATE INDEX "Contact_organizationId_ownerId_id_idx" ON "Contact"("organizationId", "ownerId", "id");

-- CreateIndex
CREATE INDEX "Contact_organizationId_userId_idx" ON "Contact"("organizationId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_organizationId_email_key" ON "Contact"("organizationId", "email");
