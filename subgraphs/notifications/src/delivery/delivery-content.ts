import { z } from 'zod';

/**
 * What a delivery sends, rendered once at ingestion and stored with it (a JSON column): every
 * attempt sends the same words, whatever templates change in between.
 */
export const deliveryContentSchema = z.object({
  type: z.string(),
  recipientId: z.string(),
  title: z.string(),
  body: z.string(),
  html: z.string(),
});

export type DeliveryContent = z.output<typeof deliveryContentSchema>;
