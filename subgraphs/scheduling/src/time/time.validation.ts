import { IANAZone } from 'luxon';
import { z } from 'zod';

/** An IANA time zone name the runtime's time-zone database knows, e.g. Europe/London. */
export const timeZoneSchema = z
  .string()
  .trim()
  .max(64, 'must be at most 64 characters')
  .refine((zone) => IANAZone.isValidZone(zone), {
    error: (issue) => `must be an IANA time zone such as Europe/London, not "${String(issue.input)}"`,
  });

/** A #rrggbb colour, stored lower case. */
export const colorSchema = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a #RRGGBB hex colour')
  .transform((colour) => colour.toLowerCase());

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time of day as HH:MM (00:00 to 24:00)');

/** Minutes since local midnight of an HH:MM time. */
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * Hours per ISO weekday (1 Monday … 7 Sunday) in some time zone: several intervals a day are
 * allowed (a lunch break), but they must not overlap. A weekday that is absent is closed.
 */
export const weeklyHoursSchema = z
  .array(
    z
      .object({
        weekday: z.number().int().min(1, 'must be 1 (Monday) to 7 (Sunday)').max(7, 'must be 1 (Monday) to 7 (Sunday)'),
        opens: clockTime,
        closes: clockTime,
      })
      .refine((hours) => minutesOf(hours.closes) > minutesOf(hours.opens), { path: ['closes'], message: 'must be after opens' }),
  )
  .max(50, 'must have at most 50 intervals')
  .superRefine((intervals, context) => {
    const sorted = [...intervals].sort((a, b) => a.weekday - b.weekday || minutesOf(a.opens) - minutesOf(b.opens));
    sorted.forEach((interval, index) => {
      const next = sorted[index + 1];
      if (next && next.weekday === interval.weekday && minutesOf(next.opens) < minutesOf(interval.closes)) {
        context.addIssue({
          code: 'custom',
          message: `intervals of weekday ${interval.weekday} overlap (${interval.opens}–${interval.closes} and ${next.opens}–${next.closes})`,
        });
      }
    });
  })
  .transform((intervals) => [...intervals].sort((a, b) => a.weekday - b.weekday || minutesOf(a.opens) - minutesOf(b.opens)));

export type WeeklyHours = z.output<typeof weeklyHoursSchema>;
