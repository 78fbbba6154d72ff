-- CreateEnum
CREATE TYPE "UsageMetric" AS ENUM ('AI_TOKENS', 'API_CALLS', 'STORAGE_BYTES', 'SEATS');

-- CreateTable
CREATE TABLE "DownloadFile" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DownloadFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DownloadGrant" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "orderItemId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productName" TEXT NOT NULL,
    "downloadLimit" INTEGER NOT NULL,
    "downloadCount" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DownloadGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DownloadRecord" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "grantId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "bytesServed" BIGINT NOT NULL DEFAULT 0,
    "servedRanges" JSONB NOT NULL DEFAULT '[]',
    "requestedUntil" BIGINT NOT NULL DEFAULT 0,
    "resumptions" INTEGER NOT NULL DEFAULT 0,
    "completed" BOOLEAN NOT NULL DEFAULT false,
    "userAgent" TEXT,
    "clientAddress" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastRequestAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DownloadRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageRecord" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "userId" TEXT,
    "metric" "UsageMetric" NOT NULL,
    "quantity" BIGINT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "idempotencyKey" TEXT,
    "recordedById" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageTotal" (
    "organizationId" TEXT NOT NULL,
    "metric" "UsageMetric" NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "quantity" BIGINT NOT NULL,

    CONSTRAINT "UsageTotal_pkey" PRIMARY KEY ("organizationId","metric","periodStart")
);

-- CreateTable
CREATE TABLE "UsageLimit" (
    "organizationId" TEXT NOT NULL,
    "metric" "UsageMetric" NOT NULL,
    "hardLimit" BIGINT,
    "plan" TEXT,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageLimit_pkey" PRIMARY KEY ("organizationId","metric")
);

-- CreateIndex
CREATE INDEX "DownloadFile_organizationId_productId_id_idx" ON "DownloadFile"("organizationId", "productId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "DownloadGrant_orderItemId_key" ON "DownloadGrant"("orderItemId");

-- CreateIndex
CREATE INDEX "DownloadGrant_organizationId_customerId_id_idx" ON "DownloadGrant"("organizationId", "customerId", "id");

-- CreateIndex
CREATE INDEX "DownloadGrant_organizationId_orderId_idx" ON "DownloadGrant"("organizationId", "orderId");

-- CreateIndex
CREATE INDEX "DownloadRecord_organizationId_productId_idx" ON "DownloadRecord"("organizationId", "productId");

-- CreateIndex
CREATE INDEX "DownloadRecord_grantId_fileId_id_idx" ON "DownloadRecord"("grantId", "fileId", "id");

-- CreateIndex
CREATE INDEX "UsageRecord_organizationId_metric_periodStart_userId_idx" ON "UsageRecord"("organizationId", "metric", "periodStart", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "UsageRecord_organizationId_idempotencyKey_key" ON "UsageRecord"("organizationId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "DownloadRecord" ADD CONSTRAINT "DownloadRecord_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "DownloadGrant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DownloadRecord" ADD CONSTRAINT "DownloadRecord_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "DownloadFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;
