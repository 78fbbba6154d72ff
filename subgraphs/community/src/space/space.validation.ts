import { idSchema, optionalTextSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

const spaceVisibilitySchema = z.enum(['PUBLIC', 'PRIVATE', 'SECRET']);
const spacePostingPolicySchema = z.enum(['EVERYONE', 'MODERATORS']);
const membershipTierSchema = z.enum(['FREE', 'BASIC', 'PRO', 'ENTERPRISE']);

const spaceFields = {
  name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  description: optionalTextSchema(500),
  // An emoji or an image URL.
  icon: optionalTextSchema(500),
  visibility: spaceVisibilitySchema,
  postingPolicy: spacePostingPolicySchema,
  requiredTier: membershipTierSchema.nullish(),
  position: z.number().int().min(0, 'must be at least 0').max(100_000, 'must be at most 100000'),
};

export const createSpaceInput = z.object({
  name: spaceFields.name,
  description: spaceFields.description.transform((value) => value ?? null),
  icon: spaceFields.icon.transform((value) => value ?? null),
  visibility: spaceFields.visibility.nullish().transform((value) => value ?? 'PUBLIC'),
  postingPolicy: spaceFields.postingPolicy.nullish().transform((value) => value ?? 'EVERYONE'),
  requiredTier: spaceFields.requiredTier.transform((value) => value ?? null),
  // Null: after the last space.
  position: spaceFields.position.nullish(),
});

export const updateSpaceInput = z.object({
  id: idSchema,
  name: spaceFields.name.optional(),
  description: spaceFields.description,
  icon: spaceFields.icon,
  // Null means "leave unchanged" for the non-nullable columns.
  visibility: spaceFields.visibility.nullish().transform((value) => value ?? undefined),
  postingPolicy: spaceFields.postingPolicy.nullish().transform((value) => value ?? undefined),
  requiredTier: spaceFields.requiredTier,
  position: spaceFields.position.nullish().transform((value) => value ?? undefined),
});

export const reorderSpacesInput = z.object({
  ids: z
    .array(idSchema)
    .min(1, 'must list at least 1 space')
    .max(200, 'must list at most 200 spaces')
    .refine((ids) => new Set(ids).size === ids.length, 'must not list a space twice'),
});

export const spaceMemberInput = z.object({ spaceId: idSchema, userId: idSchema });
