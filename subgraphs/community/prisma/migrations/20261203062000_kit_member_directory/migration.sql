-- The kit's member directory (packages/subgraph-kit/member-directory.prisma) also keeps each
-- member's address and name from profile events.
ALTER TABLE "OrganizationMember" ADD COLUMN "email" TEXT,
ADD COLUMN "name" TEXT,
ADD COLUMN "profileVersion" TEXT NOT NULL DEFAULT '';
