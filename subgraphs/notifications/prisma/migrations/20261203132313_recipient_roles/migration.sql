-- AlterTable
ALTER TABLE "NotificationRecipient" ADD COLUMN     "role" TEXT;
