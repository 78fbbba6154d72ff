import { idSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

const instant = z.date({ error: 'must be an ISO-8601 date-time' });
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((value) => value || null);

export const createAppointmentInput = z.object({
  staffUserId: idSchema.nullish(),
  contactId: idSchema,
  startsAt: instant,
  endsAt: instant,
  location: text(300),
  meetingUrl: z
    .string()
    .trim()
    .max(500, 'must be at most 500 characters')
    .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL')
    .nullish()
    .transform((link) => link ?? null),
  notes: text(2000),
});

export const appointmentStatusSchema = z.enum(['SCHEDULED', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'NO_SHOW']);

export const appointmentFilterArgs = z
  .object({ staffUserId: idSchema.nullish(), contactId: idSchema.nullish(), from: instant.nullish(), to: instant.nullish() })
  .refine((window) => !window.from || !window.to || window.to > window.from, { path: ['to'], message: 'must be after from' });
