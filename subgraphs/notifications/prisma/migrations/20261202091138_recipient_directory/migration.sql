-- CreateTable
CREATE TABLE "NotificationRecipient" (
    "organizationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "email" TEXT,
    "left" BOOLEAN NOT NULL DEFAULT false,
    "membershipVersion" TEXT NOT NULL DEFAULT '',
    "profileVersion" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationRecipient_pkey" PRIMARY KEY ("organizationId","userId")
);
