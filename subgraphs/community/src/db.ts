import type { TransactionOf } from '@plaza/subgraph-kit';
import type { PrismaClient } from './generated/prisma/client.ts';

/** A Prisma client or an open transaction: repositories work with either. */
export type Db = PrismaClient | TransactionOf<PrismaClient>;
export type { PrismaClient };
