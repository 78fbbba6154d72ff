export type { VariantRecord as ProductVariantMapper, PriceRecord as PriceMapper } from './variant.repository.ts';
