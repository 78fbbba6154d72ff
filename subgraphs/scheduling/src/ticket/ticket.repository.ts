import type { Db } from '../db.ts';

/** One order item of a paid order, as commerce's `commerce.order.paid` event carries it. */
export interface NewTicket {
  organizationId: string;
  orderId: string;
  orderItemId: string;
  productId: string;
  userId: string;
  quantity: number;
  paidAt: Date;
}

export class TicketRepository {
  constructor(private readonly db: Db) {}

  /** Stores paid order items; an item already stored (a redelivered event) is skipped. */
  async saveAll(tickets: readonly NewTicket[]): Promise<number> {
    if (tickets.length === 0) return 0;
    const { count } = await this.db.eventTicket.createMany({ data: [...tickets], skipDuplicates: true });
    return count;
  }

  async hasTicket(organizationId: string, productId: string, userId: string): Promise<boolean> {
    return (await this.db.eventTicket.count({ where: { organizationId, productId, userId }, take: 1 })) > 0;
  }
}
