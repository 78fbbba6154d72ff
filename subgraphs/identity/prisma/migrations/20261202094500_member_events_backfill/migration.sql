-- Data only, written by hand (the schema did not change): other subgraphs now keep member
-- directories from identity's membership events, so memberships that predate those events must
-- be told once, or community would treat every existing member as unknown.

-- identity.member.joined used to carry only userId and role; the catalog now requires email and
-- name. Complete the old events from the user row, so one still waiting in the outbox (or
-- redelivered by a broker) parses instead of blocking its consumer.
UPDATE "OutboxEvent" AS e
SET "payload" = e."payload" || jsonb_build_object('email', u."email", 'name', u."name")
FROM "User" AS u
WHERE e."type" = 'identity.member.joined'
  AND NOT (e."payload" ? 'email')
  AND u."id" = e."payload"->>'userId';

-- One joined event per existing membership, as of when it began. Consumers apply an event only
-- when it is newer than what they hold, so these can never undo a later change, whatever order
-- the relay publishes them in.
INSERT INTO "OutboxEvent" ("id", "organizationId", "type", "actorId", "subjectType", "subjectId", "payload", "occurredAt")
SELECT gen_random_uuid()::text, m."organizationId", 'identity.member.joined', NULL, 'User', m."userId",
       jsonb_build_object('userId', m."userId", 'role', m."role"::text, 'email', u."email", 'name', u."name"),
       m."createdAt"
FROM "Membership" AS m
JOIN "User" AS u ON u."id" = m."userId";
