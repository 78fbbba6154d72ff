-- CreateEnum
CREATE TYPE "ProductType" AS ENUM ('PHYSICAL', 'DIGITAL', 'MEMBERSHIP', 'EVENT_TICKET', 'COURSE_ACCESS');

-- CreateEnum
CREATE TYPE "ProductStatus" AS ENUM ('DRAFT', 'ACTIVE', 'ARCHIVED');

-- DropIndex
DROP INDEX "Product_organizationId_active_id_idx";

-- DropIndex
DROP INDEX "Product_organizationId_id_idx";

-- AlterTable (by hand: existing products keep their price as a default variant, their id as slug)
ALTER TABLE "Product" ADD COLUMN     "images" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "slug" TEXT,
ADD COLUMN     "status" "ProductStatus" NOT NULL DEFAULT 'ACTIVE',
ADD COLUMN     "type" "ProductType" NOT NULL DEFAULT 'PHYSICAL';

UPDATE "Product" SET "slug" = lower("id"), "status" = CASE WHEN "active" THEN 'ACTIVE'::"ProductStatus" ELSE 'ARCHIVED'::"ProductStatus" END;
ALTER TABLE "Product" ALTER COLUMN "slug" SET NOT NULL;

-- The search document is a STORED generated column, written by hand: Prisma's schema cannot
-- declare a generation expression, so the schema marks it @default(dbgenerated()). The
-- configuration must be the one of src/product/product.repository.ts.
ALTER TABLE "Product" ADD COLUMN "searchDocument" tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, name), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')) STORED;

-- CreateTable
CREATE TABLE "Category" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductCategory" (
    "organizationId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "categoryId" TEXT NOT NULL,

    CONSTRAINT "ProductCategory_pkey" PRIMARY KEY ("productId","categoryId")
);

-- CreateTable
CREATE TABLE "ProductVariant" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sku" TEXT,
    "options" JSONB NOT NULL DEFAULT '[]',
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProductVariant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Price" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount" INTEGER NOT NULL,
    "compareAtAmount" INTEGER,
    "minQuantity" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Price_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Category_organizationId_id_idx" ON "Category"("organizationId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Category_organizationId_slug_key" ON "Category"("organizationId", "slug");

-- CreateIndex
CREATE INDEX "ProductCategory_organizationId_categoryId_productId_idx" ON "ProductCategory"("organizationId", "categoryId", "productId");

-- CreateIndex
CREATE INDEX "ProductVariant_organizationId_productId_position_idx" ON "ProductVariant"("organizationId", "productId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "ProductVariant_organizationId_sku_key" ON "ProductVariant"("organizationId", "sku");

-- CreateIndex
CREATE INDEX "Price_organizationId_productId_currency_minQuantity_amount_idx" ON "Price"("organizationId", "productId", "currency", "minQuantity", "amount");

-- CreateIndex
CREATE UNIQUE INDEX "Price_variantId_currency_minQuantity_key" ON "Price"("variantId", "currency", "minQuantity");

-- CreateIndex
CREATE INDEX "Product_organizationId_status_id_idx" ON "Product"("organizationId", "status", "id");

-- CreateIndex
CREATE INDEX "Product_organizationId_type_id_idx" ON "Product"("organizationId", "type", "id");

-- CreateIndex
CREATE INDEX "Product_searchDocument_idx" ON "Product" USING GIN ("searchDocument");

-- CreateIndex
CREATE UNIQUE INDEX "Product_organizationId_slug_key" ON "Product"("organizationId", "slug");

-- AddForeignKey
ALTER TABLE "ProductCategory" ADD CONSTRAINT "ProductCategory_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductCategory" ADD CONSTRAINT "ProductCategory_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductVariant" ADD CONSTRAINT "ProductVariant_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Price" ADD CONSTRAINT "Price_variantId_fkey" FOREIGN KEY ("variantId") REFERENCES "ProductVariant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- By hand: what the services check, the database refuses too.
ALTER TABLE "Price" ADD CONSTRAINT "Price_amount_check" CHECK ("amount" >= 0),
ADD CONSTRAINT "Price_compareAtAmount_check" CHECK ("compareAtAmount" IS NULL OR "compareAtAmount" > "amount"),
ADD CONSTRAINT "Price_minQuantity_check" CHECK ("minQuantity" >= 1);

-- By hand: each existing product becomes one default variant with its old price.
INSERT INTO "ProductVariant" ("id", "organizationId", "productId", "title", "position", "updatedAt")
SELECT "id" || '-default', "organizationId", "id", 'Default', 0, CURRENT_TIMESTAMP FROM "Product";
INSERT INTO "Price" ("id", "organizationId", "variantId", "productId", "currency", "amount")
SELECT "id" || '-price', "organizationId", "id" || '-default', "id", "priceCurrency", "priceAmount" FROM "Product";

ALTER TABLE "Product" DROP COLUMN "active",
DROP COLUMN "priceAmount",
DROP COLUMN "priceCurrency";
