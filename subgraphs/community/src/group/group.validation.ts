import { idSchema, optionalTextSchema } from '@plaza/subgraph-kit';
import { z } from 'zod';

const groupRoleSchema = z.enum(['OWNER', 'ADMIN', 'MODERATOR', 'MEMBER']);
const groupJoinPolicySchema = z.enum(['OPEN', 'INVITE_ONLY']);

const avatarUrl = optionalTextSchema(500).refine(
  (url) => url === null || url === undefined || /^https?:\/\/\S+$/.test(url),
  'must be an http(s) URL',
);
const name = z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters');

export const createGroupInput = z.object({
  name,
  description: optionalTextSchema(500).transform((value) => value ?? null),
  avatarUrl: avatarUrl.transform((value) => value ?? null),
  joinPolicy: groupJoinPolicySchema.nullish().transform((value) => value ?? 'INVITE_ONLY'),
});

export const updateGroupInput = z.object({
  id: idSchema,
  name: name.optional(),
  description: optionalTextSchema(500),
  avatarUrl,
  joinPolicy: groupJoinPolicySchema.nullish().transform((value) => value ?? undefined),
});

const MAX_INVITE_USES = 10_000;

export const createGroupInviteInput = z.object({
  groupId: idSchema,
  // The DateTime scalar has already parsed it into a Date.
  expiresAt: z
    .date({ error: 'must be an ISO-8601 date-time' })
    .refine((at) => at.getTime() > Date.now(), 'must be in the future')
    .nullish()
    .transform((at) => at ?? null),
  maxUses: z
    .number()
    .int()
    .min(1, 'must be at least 1')
    .max(MAX_INVITE_USES, `must be at most ${MAX_INVITE_USES}`)
    .nullish()
    .transform((uses) => uses ?? null),
});

export const inviteCodeInput = z.object({
  code: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
});

export const groupMemberInput = z.object({ groupId: idSchema, userId: idSchema });

export const setGroupMemberRoleInput = z.object({
  groupId: idSchema,
  userId: idSchema,
  role: groupRoleSchema.refine((role) => role !== 'OWNER', 'must not be OWNER: a group has one owner, its creator'),
});

export const banFromGroupInput = z.object({
  groupId: idSchema,
  userId: idSchema,
  reason: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters'),
});
