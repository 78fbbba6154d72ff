import { idSchema } from '@plaza/subgraph-kit';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { timeZoneSchema, weeklyHoursSchema } from '../time/time.validation.ts';

const DAY_MINUTES = 1440;
const WEEK_MINUTES = 7 * DAY_MINUTES;

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const minutes = (min: number, max: number) => z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
const roles = z.array(z.enum(['OWNER', 'ADMIN', 'MODERATOR', 'MEMBER', 'VIEWER'])).transform((list) => [...new Set(list)]);
/** `undefined` for an omitted or null field of an update: it stays as it is. */
const keep = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

const fields = {
  bufferBeforeMinutes: minutes(0, DAY_MINUTES),
  bufferAfterMinutes: minutes(0, DAY_MINUTES),
  minDurationMinutes: minutes(5, WEEK_MINUTES),
  maxDurationMinutes: minutes(5, WEEK_MINUTES),
  leadTimeMinutes: minutes(0, 365 * DAY_MINUTES),
  capacity: z.number().int().min(1, 'must be at least 1').max(10_000, 'must be at most 10000'),
  description: z.string().trim().max(2000, 'must be at most 2000 characters'),
};

const durationsInOrder = (resource: { minDurationMinutes?: number; maxDurationMinutes?: number }) =>
  resource.minDurationMinutes === undefined ||
  resource.maxDurationMinutes === undefined ||
  resource.maxDurationMinutes >= resource.minDurationMinutes;

export const createResourceInput = z
  .object({
    name,
    type: z.enum(['SPACE', 'EQUIPMENT', 'PERSON', 'WORKSHOP']),
    description: fields.description.nullish().transform((text) => text || null),
    capacity: fields.capacity.nullish().transform((n) => n ?? null),
    timeZone: timeZoneSchema.nullish().transform((zone) => zone ?? null),
    openHours: weeklyHoursSchema
      .nullish()
      .transform((hours) => hours ?? [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' }))),
    bufferBeforeMinutes: fields.bufferBeforeMinutes.nullish().transform((n) => n ?? 0),
    bufferAfterMinutes: fields.bufferAfterMinutes.nullish().transform((n) => n ?? 0),
    minDurationMinutes: fields.minDurationMinutes.nullish().transform((n) => n ?? 15),
    maxDurationMinutes: fields.maxDurationMinutes.nullish().transform((n) => n ?? 480),
    leadTimeMinutes: fields.leadTimeMinutes.nullish().transform((n) => n ?? 0),
    autoApprove: z
      .boolean()
      .nullish()
      .transform((flag) => flag ?? true),
    allowedRoles: roles.nullish().transform((list) => list ?? []),
  })
  .refine(durationsInOrder, { path: ['maxDurationMinutes'], message: 'must be at least minDurationMinutes' });

export const updateResourceInput = z
  .object({
    name: keep(name),
    description: fields.description.nullish().transform((text) => (text === undefined ? undefined : text || null)),
    capacity: keep(fields.capacity),
    timeZone: keep(timeZoneSchema),
    openHours: keep(weeklyHoursSchema),
    bufferBeforeMinutes: keep(fields.bufferBeforeMinutes),
    bufferAfterMinutes: keep(fields.bufferAfterMinutes),
    minDurationMinutes: keep(fields.minDurationMinutes),
    maxDurationMinutes: keep(fields.maxDurationMinutes),
    leadTimeMinutes: keep(fields.leadTimeMinutes),
    autoApprove: keep(z.boolean()),
    allowedRoles: keep(roles),
  })
  .refine(durationsInOrder, { path: ['maxDurationMinutes'], message: 'must be at least minDurationMinutes' });

const localDate = z
  .string()
  .trim()
  .refine((text) => /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text, { zone: 'UTC' }).isValid, {
    error: (issue) => `must be a date as YYYY-MM-DD, not "${String(issue.input)}"`,
  });

export const addBlackoutInput = z
  .object({
    resourceId: idSchema,
    startsOn: localDate,
    endsOn: localDate,
    reason: z
      .string()
      .trim()
      .max(300, 'must be at most 300 characters')
      .nullish()
      .transform((text) => text || null),
  })
  .refine((blackout) => blackout.endsOn >= blackout.startsOn, { path: ['endsOn'], message: 'must not be before startsOn' });
