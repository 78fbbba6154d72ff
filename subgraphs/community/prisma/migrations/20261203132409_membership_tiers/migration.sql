-- CreateEnum
CREATE TYPE "MembershipTier" AS ENUM ('FREE', 'BASIC', 'PRO', 'ENTERPRISE');

-- AlterTable
ALTER TABLE "OrganizationMember" ADD COLUMN     "tier" "MembershipTier",
ADD COLUMN     "tierVersion" TEXT NOT NULL DEFAULT '';

-- AlterTable: requiredTier was free text, never checked. A value naming a tier keeps it; any
-- other key still asked for a paid membership, so it becomes the lowest paid tier (BASIC): the
-- space stays gated rather than opening to everyone.
ALTER TABLE "Space" ALTER COLUMN "requiredTier" TYPE "MembershipTier" USING (
  CASE
    WHEN "requiredTier" IS NULL OR btrim("requiredTier") = '' THEN NULL
    WHEN upper(btrim("requiredTier")) IN ('FREE', 'BASIC', 'PRO', 'ENTERPRISE') THEN upper(btrim("requiredTier"))::"MembershipTier"
    ELSE 'BASIC'::"MembershipTier"
  END
);
