import type { DataAccess } from '@plaza/subgraph-kit';
import { EVENT_CATALOG, type DomainEvent } from '@plaza/events';
import type { SchedulingRepositories } from '../repositories.ts';

/**
 * Tickets to paid events, kept from commerce's `commerce.order.paid` events (scheduling never
 * reads commerce's tables). Every paid item is kept, whichever product it is: an event may be
 * linked to its product after the sale. Replays change nothing (one row per order item).
 */
export class TicketService {
  constructor(private readonly deps: { data: DataAccess<SchedulingRepositories> }) {}

  /** Consumes an event of the bus; only paid orders concern scheduling. Returns the tickets added. */
  async handle(event: DomainEvent): Promise<number> {
    if (event.type !== 'commerce.order.paid') return 0;
    const { organizationId } = event;
    const payload = EVENT_CATALOG['commerce.order.paid'].parse(event.payload);
    return this.deps.data.transaction({ organizationId, userId: null }, ({ tickets }) =>
      tickets.saveAll(
        payload.items.map((item) => ({
          organizationId,
          orderId: payload.orderId,
          orderItemId: item.orderItemId,
          productId: item.productId,
          userId: payload.customerId,
          quantity: item.quantity,
          paidAt: new Date(event.occurredAt),
        })),
      ),
    );
  }
}
