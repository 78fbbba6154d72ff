/**
 * The demo organization, shared by every subgraph's demo seed. Ids are fixed so that seeds are
 * upserts (a restart neither duplicates nor loses data) and cross-subgraph references line up.
 */
export const DEMO_PASSWORD = 'plaza-demo-password';

export const demoOrganization = {
  id: '0190a000-0000-7000-8000-000000000001',
  name: 'Sunrise Yoga Collective',
  slug: 'sunrise-yoga',
} as const;

/** A second tenant, so the demo shows isolation: its data never appears to the first. */
export const otherOrganization = {
  id: '0190a000-0000-7000-8000-000000000002',
  name: 'Harbour Climbing Club',
  slug: 'harbour-climbing',
} as const;

export const demoUsers = {
  owner: { id: '0190a000-0000-7000-8000-000000000101', email: 'ada@plaza.test', name: 'Ada Lovelace', role: 'OWNER' },
  admin: { id: '0190a000-0000-7000-8000-000000000102', email: 'grace@plaza.test', name: 'Grace Hopper', role: 'ADMIN' },
  moderator: { id: '0190a000-0000-7000-8000-000000000103', email: 'alan@plaza.test', name: 'Alan Turing', role: 'MODERATOR' },
  member: { id: '0190a000-0000-7000-8000-000000000104', email: 'katherine@plaza.test', name: 'Katherine Johnson', role: 'MEMBER' },
  otherOwner: { id: '0190a000-0000-7000-8000-000000000105', email: 'edsger@plaza.test', name: 'Edsger Dijkstra', role: 'OWNER' },
} as const;

/** Members of the demo organization (everyone but the other tenant's owner). */
export const demoMembers = [demoUsers.owner, demoUsers.admin, demoUsers.moderator, demoUsers.member] as const;

/** Deterministic UUIDv7-shaped ids for seeded rows: `demoId(3, 12)` → …-000300000012. */
export function demoId(kind: number, n: number): string {
  return `0190a000-0000-7000-8000-${kind.toString().padStart(4, '0')}${n.toString().padStart(8, '0')}`;
}
