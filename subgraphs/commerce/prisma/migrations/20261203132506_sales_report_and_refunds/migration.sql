-- CreateEnum
CREATE TYPE "RefundStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "Refund" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "paymentId" TEXT,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "RefundStatus" NOT NULL DEFAULT 'PENDING',
    "providerRefundId" TEXT,
    "failureReason" TEXT,
    "actorId" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Refund_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Refund_organizationId_orderId_id_idx" ON "Refund"("organizationId", "orderId", "id");

-- CreateIndex
CREATE INDEX "Refund_organizationId_currency_completedAt_idx" ON "Refund"("organizationId", "currency", "completedAt");

-- CreateIndex
CREATE INDEX "Order_organizationId_currency_placedAt_idx" ON "Order"("organizationId", "currency", "placedAt");

-- By hand: at most one refund of an order in flight, so two concurrent refunds cannot both pass
-- the "no more than was paid" check; a refund moves money.
CREATE UNIQUE INDEX "Refund_one_pending_per_order" ON "Refund"("orderId") WHERE "status" = 'PENDING';
ALTER TABLE "Refund" ADD CONSTRAINT "Refund_amount_check" CHECK ("amount" > 0);

-- By hand: refunds recorded before this table existed (order transactions of kind REFUND) become
-- completed refunds, so the sales report counts them.
INSERT INTO "Refund" ("id", "organizationId", "orderId", "amount", "currency", "status", "actorId", "note", "createdAt", "completedAt")
SELECT t."id", t."organizationId", t."orderId", t."amount", o."currency", 'SUCCEEDED', t."actorId", t."note", t."createdAt", t."createdAt"
FROM "OrderTransaction" t JOIN "Order" o ON o."id" = t."orderId"
WHERE t."kind" = 'REFUND' AND t."amount" > 0;
