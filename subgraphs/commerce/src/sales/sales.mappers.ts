export type {
  SalesBucket as SalesBucketMapper,
  SalesReport as SalesReportMapper,
  SalesReportProduct as SalesReportProductMapper,
} from './sales.service.ts';
