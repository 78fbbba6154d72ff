import { z } from 'zod';

/** Trimmed optional text: blank becomes null (clears the value), undefined leaves it unchanged. */
const optional = <T extends z.ZodType<string | null | undefined>>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? null : value), schema.nullable().optional());

export const updateCommunitySettingsInput = z.object({
  name: optional(z.string().trim().max(80, 'must be at most 80 characters')),
  logoUrl: optional(
    z
      .string()
      .trim()
      .max(500, 'must be at most 500 characters')
      .regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'),
  ),
  primaryColor: optional(
    z
      .string()
      .trim()
      .regex(/^#[0-9a-fA-F]{6}$/, 'must be a #RRGGBB hex colour')
      .transform((colour) => colour.toLowerCase()),
  ),
  customDomain: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .max(253, 'must be at most 253 characters')
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a host name such as community.example.com'),
  ),
});
