-- The search documents are STORED generated columns, written by hand: Prisma's schema cannot
-- declare a generation expression, so the schema marks the columns @default(dbgenerated()),
-- which keeps the diff from ever touching them. The expressions must use the text search
-- configuration of src/search/search.repository.ts. A generated column needs no trigger: PostgreSQL
-- recomputes it on every insert and update of title or body.

-- AlterTable
ALTER TABLE "Comment" ADD COLUMN     "searchDocument" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, body)) STORED;

-- AlterTable
ALTER TABLE "Post" ADD COLUMN     "searchDocument" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, body), 'B')) STORED;

-- CreateIndex
CREATE INDEX "Comment_searchDocument_idx" ON "Comment" USING GIN ("searchDocument");

-- CreateIndex
CREATE INDEX "Post_searchDocument_idx" ON "Post" USING GIN ("searchDocument");
