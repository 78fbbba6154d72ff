/** Organization roles, strongest first. The order is the permission order. */
export const ROLES = ['OWNER', 'ADMIN', 'MODERATOR', 'MEMBER', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` grants at least what `required` grants. */
export function roleAtLeast(role: Role | null | undefined, required: Role): boolean {
  if (!role) return false;
  return ROLES.indexOf(role) <= ROLES.indexOf(required);
}
