import type { PrismaClient } from './generated/prisma/client.ts';
import type { TransactionClient } from './generated/prisma/internal/prismaNamespace.ts';

/** A Prisma client or an open transaction: repositories work with either. */
export type Db = PrismaClient | TransactionClient;
export type { PrismaClient };
