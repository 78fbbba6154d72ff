import { connectionArgsSchema, parseInput } from '@plaza/subgraph-kit';
import type {
  DownloadGrantResolvers,
  GrantedFileResolvers,
  MutationResolvers,
  OrderResolvers,
  ProductDownloadStatsResolvers,
  ProductResolvers,
  QueryResolvers,
} from '../generated/graphql.ts';
import { addDownloadFileInput, downloadStatsFilter } from './download.validation.ts';

export const downloadQueries: QueryResolvers = {
  myDownloads: (_, page, { viewer, services }) => services.downloads.myGrants(viewer, parseInput(connectionArgsSchema, page)),
  downloadStats: (_, filter, { viewer, services }) => services.downloads.stats(viewer, parseInput(downloadStatsFilter, filter)),
};

export const downloadMutations: MutationResolvers = {
  addDownloadFile: (_, { input }, { viewer, services }) =>
    services.downloads.addFile(viewer, parseInput(addDownloadFileInput, { ...input, content: input.contentBase64 })),
};

/** The download fields of Product. */
export const productDownloads: ProductResolvers = {
  downloadFiles: (product, _, { loaders }) => loaders.downloadFilesByProductId.load(product.id),
};

/** The download fields of Order. */
export const orderDownloads: OrderResolvers = {
  downloadGrants: (order, _, { loaders }) => loaders.downloadGrantsByOrderId.load(order.id),
};

export const DownloadGrant: DownloadGrantResolvers = {
  order: (grant, _, { loaders }) => loaders.orderById.load(grant.orderId),
  product: (grant, _, { loaders }) => loaders.productById.load(grant.productId),
  files: async (grant, _, { services, loaders }) =>
    services.downloads.filesOfGrant(grant, await loaders.grantFilesByProductId.load(grant.productId)),
  downloadsUsed: (grant) => grant.downloadCount,
  downloadsLeft: (grant) => Math.max(0, grant.downloadLimit - grant.downloadCount),
};

export const GrantedFile: GrantedFileResolvers = {
  url: (granted, _, { viewer, services }) => services.downloads.linkFor(viewer, granted),
};

export const ProductDownloadStats: ProductDownloadStatsResolvers = {
  product: (stats, _, { loaders }) => loaders.productById.load(stats.productId),
};
